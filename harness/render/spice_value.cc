#include "spice_value.h"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <regex>

namespace logsgd {

std::optional<double> parse_spice_number(const std::string& text) {
  static const std::regex pattern(
      R"(^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)([A-Za-z]*)\s*$)");
  std::smatch match;
  if (!std::regex_match(text, match, pattern)) return std::nullopt;
  double value = std::strtod(match[1].str().c_str(), nullptr);
  std::string suffix = match[2].str();
  for (auto& c : suffix) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // SPICE scale factors; whatever letters follow are a unit and are ignored, as SPICE does.
  double scale = 1.0;
  if (suffix.rfind("meg", 0) == 0) scale = 1e6;
  else if (suffix.rfind("mil", 0) == 0) scale = 25.4e-6;
  else if (!suffix.empty()) {
    switch (suffix[0]) {
      case 't': scale = 1e12; break;
      case 'g': scale = 1e9; break;
      case 'k': scale = 1e3; break;
      case 'm': scale = 1e-3; break;
      case 'u': scale = 1e-6; break;
      case 'n': scale = 1e-9; break;
      case 'p': scale = 1e-12; break;
      case 'f': scale = 1e-15; break;
      case 'a': scale = 1e-18; break;
      default: break;  // a bare unit such as "V" or "A"
    }
  }
  double result = value * scale;
  if (!std::isfinite(result)) return std::nullopt;
  return result;
}

bool is_safe_identifier(const std::string& text) {
  static const std::regex pattern(R"(^[A-Za-z_][A-Za-z0-9_]{0,63}$)");
  return std::regex_match(text, pattern);
}

bool is_safe_vector_name(const std::string& text) {
  static const std::regex pattern(R"(^[A-Za-z_][A-Za-z0-9_.#-]{0,63}(\([A-Za-z0-9_.#]{1,64}\))?$)");
  return std::regex_match(text, pattern) || is_device_parameter_vector(text);
}

bool is_device_parameter_vector(const std::string& text) {
  static const std::regex pattern(R"(^@[A-Za-z][A-Za-z0-9_.]{0,127}\[[A-Za-z][A-Za-z0-9_]{0,15}\]$)");
  return std::regex_match(text, pattern);
}

bool is_plain_vector_name(const std::string& text) {
  static const std::regex pattern(R"(^([vV]\([A-Za-z0-9_][A-Za-z0-9_.]*\)|[iI]\([A-Za-z0-9_]+\))$)");
  return std::regex_match(text, pattern);
}

std::pair<std::string, std::string> split_plot_qualifier(const std::string& name) {
  auto dot = name.find('.');
  auto paren = name.find('(');
  if (name.empty() || name[0] == '@' || dot == std::string::npos || (paren != std::string::npos && paren < dot))
    return {"", name};
  return {name.substr(0, dot), name.substr(dot + 1)};
}

std::string format_spice_number(double value) { return fmt::format("{:.17g}", value); }

}  // namespace logsgd
