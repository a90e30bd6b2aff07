// A per-circuit model deck: only the parameter files and the device models a circuit uses,
// taken from one section of the PDK library. Loads ~100x faster than `.lib sky130.lib.spice`
// (ngspice reads every section's includes) with the same device currents.
#pragma once
#include <set>
#include <string>
#include <vector>

#include "pdk.h"

namespace logsgd {

struct ModelDeckRequest {
  ModelLibrary library = ModelLibrary::combined;
  std::string corner = "tt";       // a section of sky130.lib.spice: tt, ss, ff, sf, fs, ...
  std::set<std::string> devices;   // e.g. "nfet_01v8" for sky130_fd_pr__nfet_01v8
  bool mismatch = false;           // MC_MM_SWITCH: per-instance mismatch draws
};

// Netlist lines (`.param`, `.option`, `.include "<absolute path>"`); throws ConfigError when the
// corner or a device is not in the library.
std::vector<std::string> build_model_deck(const Pdk& pdk, const ModelDeckRequest& request);

// The sky130 devices a netlist instantiates: every `sky130_fd_pr__<device>` token, prefix removed.
std::set<std::string> devices_used(const std::string& netlist_text);

}  // namespace logsgd
