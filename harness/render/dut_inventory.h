// What is still ideal inside the device under test: a testbench names its DUT (an instance of its
// template, `dut:`), and the kit walks that instance's subcircuit hierarchy through the cells'
// netlists. Every element that is not a PDK device (an instance of a sky130_fd_pr__ subcircuit) is
// listed with its instance path and where it is written: ideal sources, B/E/F/G/H sources, plain
// R/C/L, switches, behavioural (Verilog-A) views, 0 V sources. A tapeout-grade figure has none
// (MISSION.md §3); a spec on `dut.ideal_elements` can require 0.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "spice_source.h"

namespace logsgd {

struct IdealElement {
  std::string path;    // instance path from the top, e.g. xt.xb1.iiu (lower case, as ngspice names it)
  std::string kind;    // "current source", "behavioural source", "capacitor", ...
  std::string origin;  // file:line of the element
  std::string line;    // the element as written (shortened)
};

// `dut: template`: the whole template is the DUT (a behavioural stand-in for a chip).
inline constexpr const char* kWholeTemplate = "template";

struct DutInventory {
  std::string instance;  // the DUT instances in the template, comma-separated
  std::string subckt;    // their subcircuits
  int pdk_devices = 0;   // PDK device instances inside it
  std::vector<IdealElement> ideal;  // everything else, in netlist order, depth first
  std::map<std::string, int> ideal_by_kind() const;
};

// The element kind of a SPICE element line's first letter ("current source" for I, ...).
std::string element_kind(const std::string& element_line);

// The DUT: one or more X instances of the last source (the template), or kWholeTemplate. Throws
// ConfigError when an instance is not an X line of the template or refers to a subcircuit defined
// nowhere (neither in the sources nor the PDK).
DutInventory inventory_dut(const std::vector<SpiceSource>& sources, const std::vector<std::string>& dut_instances);

}  // namespace logsgd
