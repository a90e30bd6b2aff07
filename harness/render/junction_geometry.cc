#include "junction_geometry.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <regex>
#include <sstream>

#include "config_error.h"
#include "spice_value.h"

namespace logsgd {

namespace {

constexpr double diffusion_extension_um = 0.29;

// Geometry in um to 1e-6 um: short enough to read in a rendered deck.
std::string micrometres(double value) { return fmt::format("{:.6g}", value); }

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

bool is_continuation(const std::string& line) {
  auto first = line.find_first_not_of(" \t");
  return first != std::string::npos && line[first] == '+';
}

bool is_mosfet(const std::string& subckt) {
  static const std::regex mosfet(R"(sky130_fd_pr__[np]fet_\w+)");
  return std::regex_match(subckt, mosfet);
}

// The value of `name=` on the line as written, without its {} or '' (so it nests in an expression).
std::optional<std::string> parameter_text(const std::vector<std::string>& tokens, const std::string& name) {
  for (const auto& token : tokens) {
    auto eq = token.find('=');
    if (eq == std::string::npos || lower(token.substr(0, eq)) != name) continue;
    std::string value = token.substr(eq + 1);
    if (value.size() >= 2 && ((value.front() == '{' && value.back() == '}') || (value.front() == '\'' && value.back() == '\'')))
      value = value.substr(1, value.size() - 2);
    return value;
  }
  return std::nullopt;
}

// The rule's four values for width w and nf fingers: numbers when both are numbers, else
// expressions ngspice evaluates with the cell's parameters.
std::string geometry(const std::string& w, const std::string& nf) {
  auto width = parse_spice_number(w);
  auto fingers = parse_spice_number(nf);
  if (width && fingers && *fingers >= 1) {
    double finger_width = *width / *fingers;
    double drains = std::floor((*fingers + 1) / 2), sources = std::floor((*fingers + 2) / 2);
    return fmt::format(" ad={} as={} pd={} ps={}", micrometres(drains * finger_width * diffusion_extension_um),
                       micrometres(sources * finger_width * diffusion_extension_um),
                       micrometres(2 * drains * (finger_width + diffusion_extension_um)),
                       micrometres(2 * sources * (finger_width + diffusion_extension_um)));
  }
  std::string finger_width = fmt::format("({})/({})", w, nf);
  std::string drains = fmt::format("floor(({})/2+0.5)", nf), sources = fmt::format("floor(({})/2+1)", nf);
  std::string extension = micrometres(diffusion_extension_um);
  return fmt::format(" ad={{{0}*{2}*{3}}} as={{{1}*{2}*{3}}} pd={{2*{0}*({2}+{3})}} ps={{2*{1}*({2}+{3})}}", drains, sources,
                     finger_width, extension);
}

}  // namespace

SpiceSource with_junction_geometry(const SpiceSource& cell) {
  std::vector<std::string> lines;
  std::istringstream in(cell.text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  const bool final_newline = !cell.text.empty() && cell.text.back() == '\n';

  for (std::size_t start = 0; start < lines.size(); ++start) {
    if (is_continuation(lines[start])) continue;
    std::size_t end = start;
    while (end + 1 < lines.size() && is_continuation(lines[end + 1])) ++end;
    SpiceSource logical{cell.origin, "", {}};
    for (std::size_t i = start; i <= end; ++i) logical.text += lines[i] + "\n";
    auto parsed = logical_lines(logical);
    if (parsed.empty()) continue;
    const std::string& text = parsed.front().text;
    if (std::tolower(static_cast<unsigned char>(text[0])) != 'x' || !is_mosfet(instantiated_subckt(text))) continue;
    auto tokens = spice_tokens(text);
    if (parameter_text(tokens, "ad") || parameter_text(tokens, "as") || parameter_text(tokens, "pd") ||
        parameter_text(tokens, "ps"))
      continue;
    auto w = parameter_text(tokens, "w");
    if (!w) throw ConfigError(fmt::format("{}: a MOSFET without w= (its junction geometry needs the width)", cell.where(start + 1)));
    std::string& last = lines[end];
    std::string added = geometry(*w, parameter_text(tokens, "nf").value_or("1"));
    auto comment = last.find(';');
    if (comment == std::string::npos) {
      last += added;
    } else {
      auto code_end = last.find_last_not_of(" \t", comment == 0 ? 0 : comment - 1);
      last.insert(code_end == std::string::npos ? 0 : code_end + 1, added);
    }
  }

  SpiceSource result = cell;
  result.text.clear();
  for (std::size_t i = 0; i < lines.size(); ++i) result.text += lines[i] + (i + 1 < lines.size() || final_newline ? "\n" : "");
  return result;
}

}  // namespace logsgd
