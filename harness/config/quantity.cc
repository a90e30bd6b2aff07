#include "quantity.h"

#include <fmt/format.h>

#include "spice_value.h"

namespace logsgd {

double Quantity::resolve(const std::map<std::string, double>& parameters) const {
  if (value) return *value;
  return parameters.at(parameter);
}

Quantity parse_quantity(const YamlNode& node, const std::map<std::string, double>& parameters) {
  Quantity q;
  std::string text = node.as_string();
  if (auto value = parse_spice_number(text)) q.value = *value;
  else if (parameters.count(text)) q.parameter = text;
  else node.fail(fmt::format("'{}' is neither a number nor a parameter of this testbench", text));
  return q;
}

}  // namespace logsgd
