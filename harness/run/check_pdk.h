// `logsgd check-pdk`: is the PDK complete, and does each model library simulate a device?
#pragma once
#include <cstdio>

#include "pdk.h"
#include "simulator.h"

namespace logsgd {

// Prints the paths looked at and, per library, the deck's load time and an nfet's subthreshold
// current. Returns false when anything is missing or a simulation fails.
bool check_pdk(const Pdk& pdk, Simulator& simulator, std::FILE* out);

}  // namespace logsgd
