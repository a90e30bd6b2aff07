#include "code_register.h"

#include <fmt/format.h>

#include <cmath>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include "config_error.h"
#include "spice_value.h"

namespace logsgd {

std::vector<CodeRegister> parse_code_registers(const std::string& text, const std::string& origin,
                                               const std::map<std::string, double>& parameters) {
  static const std::regex directive(R"(^\s*\*@register\b(.*)$)");
  std::vector<CodeRegister> registers;
  std::set<std::string> declared;
  std::istringstream in(text);
  int line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    std::smatch match;
    if (!std::regex_match(line, match, directive)) continue;
    const std::string where = fmt::format("{}:{}", origin, line_number);
    auto fail = [&](const std::string& why) { throw ConfigError(fmt::format("{}: *@register: {}", where, why)); };
    std::vector<std::string> names;
    std::optional<int> bits;
    std::optional<Quantity> high;
    std::istringstream words(match[1].str());
    for (std::string word; words >> word;) {
      if (word.rfind("bits=", 0) == 0) {
        const auto value = parse_spice_number(word.substr(5));
        if (!value || *value != std::floor(*value) || *value < 1 || *value > 24) fail(fmt::format("'{}': bits is a whole number from 1 to 24", word));
        bits = static_cast<int>(*value);
      } else if (word.rfind("high=", 0) == 0) {
        const std::string value = word.substr(5);
        Quantity q;
        if (auto number = parse_spice_number(value)) q.value = *number;
        else if (parameters.count(value)) q.parameter = value;
        else fail(fmt::format("'{}': high is a number or a parameter of the testbench", word));
        high = q;
      } else {
        if (!is_safe_identifier(word)) fail(fmt::format("'{}' is not a register name (letters, digits and _)", word));
        if (!declared.insert(word).second) fail(fmt::format("register '{}' is declared twice", word));
        names.push_back(word);
      }
    }
    if (names.empty() || !bits || !high) fail("write '*@register <name> ... bits=<b> high=<logic 1>'");
    for (const auto& name : names) registers.push_back({name, *bits, *high, where});
  }
  return registers;
}

std::string code_line_source(const std::string& name, int bit, bool complement) {
  return fmt::format("v{}{}_{}", name, complement ? "n" : "", bit);
}

std::vector<std::string> code_register_netlist_lines(const std::vector<CodeRegister>& registers) {
  std::vector<std::string> lines;
  if (!registers.empty())
    lines.push_back("* the template's code registers (*@register: digital, outside the chip), at mid code");
  for (const auto& reg : registers) {
    const std::string high = reg.logic_high.spice_expression();
    for (int j = 0; j < reg.bits; ++j) {
      const bool one = j == reg.bits - 1;  // mid code: 2^(bits-1)
      lines.push_back(fmt::format("V{}_{} {}_{} 0 {}", reg.name, j, reg.name, j, one ? high : "0"));
      lines.push_back(fmt::format("V{}n_{} {}n_{} 0 {}", reg.name, j, reg.name, j, one ? "0" : high));
    }
  }
  return lines;
}

}  // namespace logsgd
