#include "spice_source.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <sstream>

namespace logsgd {

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string trim(const std::string& text) {
  auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

}  // namespace

int SpiceSource::origin_line(int line) const {
  if (line >= 1 && static_cast<std::size_t>(line) <= origin_lines.size()) return origin_lines[line - 1];
  return line;
}

std::string SpiceSource::where(int line) const { return fmt::format("{}:{}", origin, origin_line(line)); }

std::vector<LogicalLine> logical_lines(const SpiceSource& source) {
  std::vector<LogicalLine> lines;
  std::istringstream in(source.text);
  int number = 0;
  for (std::string raw; std::getline(in, raw);) {
    ++number;
    std::string line = trim(raw.substr(0, raw.find(';')));  // ; starts an inline comment
    if (line.empty() || line[0] == '*') continue;
    if (line[0] == '+') {
      if (!lines.empty()) lines.back().text += " " + trim(line.substr(1));
      continue;
    }
    lines.push_back({line, source.where(number)});
  }
  return lines;
}

std::vector<std::string> spice_tokens(const std::string& line) {
  std::vector<std::string> result;
  std::string current;
  int depth = 0;
  for (char c : line) {
    if (c == '{') ++depth;
    if (c == '}' && depth > 0) --depth;
    if (depth == 0 && (c == ' ' || c == '\t')) {
      if (!current.empty()) result.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) result.push_back(current);
  return result;
}

std::string instantiated_subckt(const std::string& line) {
  std::string name;
  for (const auto& token : spice_tokens(line))
    if (token.find('=') == std::string::npos && lower(token) != "params:") name = token;
  return lower(name);
}

}  // namespace logsgd
