#include "units.h"

#include <fmt/format.h>

#include <cmath>
#include <set>

namespace logsgd {

bool takes_si_prefix(const std::string& unit) {
  static const std::set<std::string> si{"A", "V", "W", "J", "s", "Hz", "F", "Ω", "ohm", "S", "C", "H"};
  const auto slash = unit.find('/');
  const std::string numerator = unit.substr(0, slash);
  if (!si.count(numerator)) return false;
  // A quotient of the same unit is a ratio: a prefix on it ("316 mA/A") reads as a current.
  return slash == std::string::npos || unit.substr(slash + 1) != numerator;
}

std::string format_value(double value, const std::string& unit) {
  if (!std::isfinite(value)) return "—";
  const std::string suffix = unit.empty() ? "" : " " + unit;
  if (!takes_si_prefix(unit) || value == 0) return fmt::format("{:.4g}{}", value, suffix);
  static const std::pair<double, const char*> prefixes[] = {{1e9, "G"},  {1e6, "M"},  {1e3, "k"},  {1, ""},
                                                            {1e-3, "m"}, {1e-6, "µ"}, {1e-9, "n"}, {1e-12, "p"},
                                                            {1e-15, "f"}, {1e-18, "a"}};
  for (const auto& [scale, prefix] : prefixes)
    if (std::fabs(value) >= scale * 0.9995) return fmt::format("{:.4g} {}{}", value / scale, prefix, unit);
  return fmt::format("{:.4g}{}", value, suffix);
}

}  // namespace logsgd
