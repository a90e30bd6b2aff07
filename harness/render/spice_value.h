// Values that reach a netlist. Only validated names and re-printed numbers are ever written,
// so no user text can start a new netlist line or a .control block (ngspice's `shell` runs anything).
#pragma once
#include <optional>
#include <string>
#include <utility>

namespace logsgd {

// Parses "10n", "1.8", "2.5meg", "10nA", "-40": a number with an optional SPICE scale suffix and
// an optional unit made of letters. Returns nullopt for anything else.
std::optional<double> parse_spice_number(const std::string& text);

// Identifiers for parameters, nodes, sources and cells: [A-Za-z_][A-Za-z0-9_]*.
bool is_safe_identifier(const std::string& text);

// Vector names as ngspice prints them: v(out), i(vdd), out, v-sweep, time, frequency.
bool is_safe_vector_name(const std::string& text);
// A device's parameter as a vector, e.g. @m.xt.xerr.xe0.msky130_fd_pr__pfet_01v8[id] (ngspice
// records it at every time point when it is in the save list).
bool is_device_parameter_vector(const std::string& text);
// v(node) or i(source) with a plain name, or v(x1.node) inside an instance (no differential pair).
bool is_plain_vector_name(const std::string& text);
// Splits a requested vector into the plot it is restricted to and the vector: "dc.v(out)" is
// v(out) of the dc plot, while "v(xt.out)" is node out inside instance xt of any plot (the dot
// sits inside the parentheses) and "@m.x1.m1[id]" is a device parameter. Returns {"", name} for
// a name without a plot.
std::pair<std::string, std::string> split_plot_qualifier(const std::string& name);

// The canonical text a number is written as in a netlist (round-trips a double exactly).
std::string format_spice_number(double value);

}  // namespace logsgd
