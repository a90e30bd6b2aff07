// A testbench value given as a number or as the name of one of its parameters, resolved per job
// (so that a sweep or a corner can move it: T_s ~ 1/I_u, a trim range ~ I_tau, ...).
#pragma once
#include <map>
#include <optional>
#include <string>

#include "yaml_node.h"

namespace logsgd {

struct Quantity {
  std::optional<double> value;
  std::string parameter;
  double factor = 1;  // "2*itau": a range that is a multiple of a parameter tracks it in a sweep
  double resolve(const std::map<std::string, double>& parameters) const;
  // As a netlist writes it: the number, or "{2*itau}" (evaluated by ngspice per job's parameters).
  std::string spice_expression() const;
};

// "100u", "1e-4", a parameter name or a number times one ("2*itau"); anything else fails naming the
// file, line and key.
Quantity parse_quantity(const YamlNode& node, const std::map<std::string, double>& parameters);

}  // namespace logsgd
