#include "mismatch_device.h"

#include <algorithm>
#include <cmath>
#include <regex>

namespace logsgd {

std::vector<MismatchDevice> mismatch_devices(const std::vector<DeviceOperatingPoint>& mosfets,
                                             const std::map<std::string, double>& vth_sigma_um,
                                             const std::vector<std::string>& prefixes) {
  static const std::regex type(R"(\.msky130_fd_pr__([a-z0-9_]+)$)");
  auto selected = [&](const std::string& name) {
    return prefixes.empty() || std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& prefix) {
             return name.rfind("m." + prefix + ".", 0) == 0;
           });
  };
  std::vector<MismatchDevice> devices;
  for (const auto& device : mosfets) {
    std::smatch match;
    if (!std::regex_search(device.name, match, type) || !selected(device.name)) continue;
    auto coefficient = vth_sigma_um.find(match[1].str());
    if (coefficient == vth_sigma_um.end() || !(device.w > 0 && device.l > 0)) continue;
    // m parallel units average their draws: sigma = A_VT/sqrt(W L m) (the models' sqrt(l*w*mult)).
    devices.push_back({device.name, device.w, device.l, coefficient->second / std::sqrt(device.w * device.l * device.m)});
  }
  return devices;
}

}  // namespace logsgd
