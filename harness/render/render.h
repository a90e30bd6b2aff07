// Render: model deck + cells + parameters + template + analyses -> netlist text. Only validated
// names and re-printed numbers are written; the text is the same for every job of one process
// corner, so a worker loads it once and re-runs it with new parameters.
#pragma once
#include <string>

#include "pdk.h"
#include "testbench.h"

namespace logsgd {

std::string render_netlist(const Testbench& testbench, const Pdk& pdk, ModelLibrary library,
                           const std::string& process, bool mismatch);

}  // namespace logsgd
