#include "spice_value.h"

#include <doctest/doctest.h>

using namespace logsgd;

TEST_CASE("SPICE numbers with scale suffixes and units") {
  CHECK(*parse_spice_number("1.8") == doctest::Approx(1.8));
  CHECK(*parse_spice_number("10n") == doctest::Approx(10e-9));
  CHECK(*parse_spice_number("10nA") == doctest::Approx(10e-9));
  CHECK(*parse_spice_number("2.5meg") == doctest::Approx(2.5e6));
  CHECK(*parse_spice_number("-40") == doctest::Approx(-40));
  CHECK(*parse_spice_number("1e-3") == doctest::Approx(1e-3));
  CHECK(*parse_spice_number("3p") == doctest::Approx(3e-12));
  CHECK(*parse_spice_number("1.8V") == doctest::Approx(1.8));
}

TEST_CASE("anything that could carry netlist text is not a number") {
  CHECK_FALSE(parse_spice_number("0.9\n.control"));
  CHECK_FALSE(parse_spice_number("1 shell rm -rf /"));
  CHECK_FALSE(parse_spice_number("{vdd}"));
  CHECK_FALSE(parse_spice_number(""));
  CHECK_FALSE(parse_spice_number("1e999"));
}

TEST_CASE("identifiers and vector names use a safe alphabet") {
  CHECK(is_safe_identifier("vdd"));
  CHECK(is_safe_identifier("i_tau2"));
  CHECK_FALSE(is_safe_identifier("2x"));
  CHECK_FALSE(is_safe_identifier("a b"));
  CHECK_FALSE(is_safe_identifier("x\n.control"));
  CHECK(is_safe_vector_name("i(vdn)"));
  CHECK(is_safe_vector_name("v-sweep"));
  CHECK(is_safe_vector_name("dc.v(out)"));
  CHECK_FALSE(is_safe_vector_name("v(out)\nshell ls"));
}

TEST_CASE("a node inside an instance is a plain vector, and its dot is not a plot") {
  CHECK(is_plain_vector_name("v(xt.swl)"));
  CHECK(is_plain_vector_name("i(vdd)"));
  CHECK_FALSE(is_plain_vector_name("v(a,b)"));
  CHECK_FALSE(is_plain_vector_name("i(x1.v1)"));
  CHECK(split_plot_qualifier("v(xt.swl)") == std::pair<std::string, std::string>{"", "v(xt.swl)"});
  CHECK(split_plot_qualifier("dc.v(out)") == std::pair<std::string, std::string>{"dc", "v(out)"});
  CHECK(split_plot_qualifier("tran1.v(xt.swl)") == std::pair<std::string, std::string>{"tran1", "v(xt.swl)"});
  CHECK(split_plot_qualifier("@m.x1.m1[id]").first.empty());
}

TEST_CASE("numbers are re-printed exactly") {
  double value = 1.0 / 3.0;
  CHECK(*parse_spice_number(format_spice_number(value)) == value);
}
