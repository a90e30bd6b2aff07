// The MOSFETs a mismatch analysis moves, each with its threshold sigma A_VT/sqrt(W L m).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "sim_job.h"

namespace logsgd {

struct MismatchDevice {
  std::string name;
  double w = 0, l = 0, sigma_vth = 0;
};

// Every MOSFET whose type (the model name after msky130_fd_pr__, e.g. nfet_01v8) has a coefficient
// in `vth_sigma_um` (A_VT [V um]) and a size, in the circuit's order; with `prefixes`, only those
// inside one of the instance paths (e.g. xt.xsb: the devices m.xt.xsb.*).
std::vector<MismatchDevice> mismatch_devices(const std::vector<DeviceOperatingPoint>& mosfets,
                                             const std::map<std::string, double>& vth_sigma_um,
                                             const std::vector<std::string>& prefixes = {});

}  // namespace logsgd
