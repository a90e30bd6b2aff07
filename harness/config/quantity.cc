#include "quantity.h"

#include <fmt/format.h>

#include "spice_value.h"

namespace logsgd {

double Quantity::resolve(const std::map<std::string, double>& parameters) const {
  if (value) return *value;
  return factor * parameters.at(parameter);
}

std::string Quantity::spice_expression() const {
  if (value) return format_spice_number(*value);
  return factor == 1 ? fmt::format("{{{}}}", parameter) : fmt::format("{{{}*{}}}", format_spice_number(factor), parameter);
}

Quantity parse_quantity(const YamlNode& node, const std::map<std::string, double>& parameters) {
  Quantity q;
  std::string text = node.as_string();
  std::string name = text;
  if (const auto star = text.find('*'); star != std::string::npos) {
    const auto factor = parse_spice_number(text.substr(0, star));
    if (!factor || !(*factor > 0))
      node.fail(fmt::format("'{}': the factor before '*' must be a positive number", text));
    q.factor = *factor;
    name = text.substr(star + 1);
  } else if (auto value = parse_spice_number(text)) {
    q.value = *value;
    return q;
  }
  if (!parameters.count(name))
    node.fail(fmt::format("'{}' is neither a number, a parameter of this testbench nor a number times one", text));
  q.parameter = name;
  return q;
}

}  // namespace logsgd
