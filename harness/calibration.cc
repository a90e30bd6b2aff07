#include "calibration.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "spice_value.h"

namespace logsgd {

CalibrationDef parse_calibration(const YamlNode& node, const std::map<std::string, double>& parameters) {
  node.expect_keys({"trims", "full_scale", "bits"});
  CalibrationDef def;
  std::set<std::string> sources;
  for (const auto& item : node.at("trims").items()) {
    item.expect_keys({"source", "servo"});
    CalibrationTrim trim{item.at("source").as_string(), item.at("servo").as_string()};
    if (!is_safe_identifier(trim.source) || std::tolower(static_cast<unsigned char>(trim.source[0])) != 'i')
      item.at("source").fail(fmt::format("'{}' is not the name of a current source (I...)", trim.source));
    if (!sources.insert(trim.source).second) item.at("source").fail(fmt::format("'{}' is trimmed twice", trim.source));
    if (!is_plain_vector_name(trim.servo) || trim.servo.rfind("i(", 0) != 0)
      item.at("servo").fail(fmt::format("'{}' is not a current i(source)", trim.servo));
    def.trims.push_back(trim);
  }
  if (def.trims.empty()) node.at("trims").fail("name at least one trim");
  def.full_scale = parse_quantity(node.at("full_scale"), parameters);
  if (!(def.full_scale.resolve(parameters) > 0)) node.at("full_scale").fail("full_scale must be positive");
  def.bits = static_cast<int>(node.number_or("bits", 10));
  if (def.bits < 2 || def.bits > 24) node.at("bits").fail("bits must be between 2 and 24");
  return def;
}

TrimLevel quantise_trim(double wanted, double full_scale, int bits) {
  const double half = std::ldexp(1.0, bits - 1);
  const double step = full_scale / half;
  double code = std::round(wanted / step);
  TrimLevel level;
  if (!std::isfinite(code) || code < -half || code > half - 1) {
    level.saturated = true;
    code = std::isnan(code) ? 0 : std::clamp(code, -half, half - 1);
  }
  level.value = code * step;
  return level;
}

}  // namespace logsgd
