#include "code_register.h"

#include <doctest/doctest.h>

#include "config_error.h"

using namespace logsgd;

TEST_CASE("code registers: a template's *@register lines, written out at mid code") {
  const std::map<std::string, double> parameters{{"vdd", 1.8}};
  const std::string text = "V1 a 0 1\n*@register c_qt1 c_rt1 bits=3 high=vdd\n* a comment\n  *@register k bits=1 high=1.2\n";
  const auto registers = parse_code_registers(text, "t.spice", parameters);
  REQUIRE(registers.size() == 3);
  CHECK(registers[0].name == "c_qt1");
  CHECK(registers[1].name == "c_rt1");
  CHECK(registers[1].bits == 3);
  CHECK(registers[1].logic_high.resolve(parameters) == doctest::Approx(1.8));
  CHECK(registers[1].where == "t.spice:2");
  CHECK(registers[2].logic_high.resolve(parameters) == doctest::Approx(1.2));
  const auto lines = code_register_netlist_lines({registers[0]});
  REQUIRE(lines.size() == 1 + 6);
  CHECK(lines[1] == "Vc_qt1_0 c_qt1_0 0 0");
  CHECK(lines[2] == "Vc_qt1n_0 c_qt1n_0 0 {vdd}");
  CHECK(lines[5] == "Vc_qt1_2 c_qt1_2 0 {vdd}");
  CHECK(lines[6] == "Vc_qt1n_2 c_qt1n_2 0 0");
  CHECK(code_line_source("c_qt1", 2, true) == "vc_qt1n_2");
  CHECK(code_register_netlist_lines({}).empty());
}

TEST_CASE("code registers: a malformed directive fails at its file and line") {
  const std::map<std::string, double> parameters{{"vdd", 1.8}};
  auto parse = [&](const std::string& line) { return parse_code_registers("* x\n" + line + "\n", "t.spice", parameters); };
  CHECK_THROWS_WITH_AS(parse("*@register c1 bits=8"), doctest::Contains("t.spice:2"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("*@register bits=8 high=vdd"), doctest::Contains("<name>"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("*@register c1 bits=0 high=vdd"), doctest::Contains("bits"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("*@register c1 bits=2.5 high=vdd"), doctest::Contains("bits"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("*@register c1 bits=8 high=nosuch"), doctest::Contains("parameter"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("*@register c1;shell bits=8 high=vdd"), doctest::Contains("not a register name"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("*@register c1 c1 bits=8 high=vdd"), doctest::Contains("twice"), ConfigError);
}
