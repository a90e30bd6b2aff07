// A testbench quantity: a number, a parameter, or a number times a parameter (a trim range that
// tracks I_tau when a sweep moves it); anything else is refused naming file, line and key.
#include "quantity.h"

#include <doctest/doctest.h>

#include "config_error.h"

using namespace logsgd;

namespace {
Quantity parse(const std::string& text, const std::map<std::string, double>& parameters) {
  const auto root = YamlNode::load_string("range: " + text + "\n", "c.yaml");
  return parse_quantity(root.at("range"), parameters);
}
}  // namespace

TEST_CASE("a quantity is a number, a parameter or a number times a parameter") {
  const std::map<std::string, double> parameters{{"itau", 1e-9}};
  CHECK(parse("20n", parameters).resolve(parameters) == doctest::Approx(20e-9));
  CHECK(parse("itau", parameters).resolve(parameters) == doctest::Approx(1e-9));
  const auto twice = parse("2*itau", parameters);
  CHECK(twice.resolve(parameters) == doctest::Approx(2e-9));
  CHECK(twice.resolve({{"itau", 3e-9}}) == doctest::Approx(6e-9));  // it tracks a sweep of I_tau
}

TEST_CASE("a quantity that is none of these is refused with file, line and key") {
  const std::map<std::string, double> parameters{{"itau", 1e-9}};
  CHECK_THROWS_WITH_AS(parse("iu", parameters), doctest::Contains("c.yaml:1: key 'range'"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("2*iu", parameters), doctest::Contains("neither a number"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("x*itau", parameters), doctest::Contains("positive number"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("-2*itau", parameters), doctest::Contains("positive number"), ConfigError);
}
