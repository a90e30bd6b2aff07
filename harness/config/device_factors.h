// The fixed device factors of cells/device_factors.yaml (n and the specific current per square
// of each device type, from the kit's own characterisation at tt/27 °C).
#pragma once
#include <filesystem>
#include <map>
#include <string>

namespace logsgd {

struct DeviceFactors {
  double n = 1;
  double i_spec_square = 0;  // A
};

// Empty when the file does not exist; throws ConfigError when it is malformed.
std::map<std::string, DeviceFactors> load_device_factors(const std::filesystem::path& file);

// "nfet_01v8" for a flattened instance such as m.xt.x1.msky130_fd_pr__nfet_01v8.
std::string device_type(const std::string& instance);

}  // namespace logsgd
