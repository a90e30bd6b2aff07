// A cell's two views: its transistor-level netlist (cells/<cell>/<cell>.spice) and its ideal
// behavioural model (cells/<cell>/<cell>.va, compiled to an OSDI library that ngspice loads with
// pre_osdi). A testbench picks the view each cell name stands for; the other view stays
// available as <cell>_transistor or <cell>_behavioural, so one testbench can mix instances.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "spice_source.h"

namespace logsgd {

enum class CellView { transistor, behavioural };

struct CellUse {
  std::string name;
  std::filesystem::path netlist;    // .spice
  std::filesystem::path verilog_a;  // .va, empty when the cell has none
  CellView view = CellView::transistor;
};

// Netlist text defining the cell under its name in the chosen view, and the other view under its
// suffixed name; a template subcircuit in the netlist is written out for each size N an X line of
// `users` instantiates (cell_template.h). A cell with a .va needs its compiled library loaded
// (pre_osdi) in either view.
std::string cell_definitions(const CellUse& cell, const std::vector<SpiceSource>& users);
// The same text as the sources it is made of (the netlist file, the generated behavioural wrapper).
std::vector<SpiceSource> cell_sources(const CellUse& cell, const std::vector<SpiceSource>& users);
// What instantiates a testbench's cells: the cells' netlists as written and the testbench template.
std::vector<SpiceSource> cell_users(const std::vector<CellUse>& cells, const SpiceSource& testbench_template);

// Compiles a .va with va2osdi (or OpenVAF when VA_COMPILER=openvaf) into `cache_dir`, reusing an
// earlier build of the same source. Throws ConfigError with the compiler's message on failure.
std::filesystem::path compile_verilog_a(const std::filesystem::path& source, const std::filesystem::path& cache_dir);

// Where va2osdi is: $VA2OSDI, else the build tree's.
std::string default_va2osdi_path();

}  // namespace logsgd
