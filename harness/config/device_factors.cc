#include "device_factors.h"

#include <regex>

#include "yaml_node.h"

namespace logsgd {

std::map<std::string, DeviceFactors> load_device_factors(const std::filesystem::path& file) {
  std::map<std::string, DeviceFactors> factors;
  if (!std::filesystem::exists(file)) return factors;
  YamlNode root = YamlNode::load_file(file.string());
  for (const auto& [device, node] : root.entries()) {
    node.expect_keys({"n", "i_spec_square"});
    factors[device] = {node.at("n").as_number(), node.at("i_spec_square").as_number()};
  }
  return factors;
}

std::string device_type(const std::string& instance) {
  static const std::regex pattern(R"(sky130_fd_pr__([a-z0-9_]+?)(?:__|$))");
  std::smatch match;
  return std::regex_search(instance, match, pattern) ? match[1].str() : "";
}

}  // namespace logsgd
