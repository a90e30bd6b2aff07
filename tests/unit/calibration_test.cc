#include "calibration.h"

#include <doctest/doctest.h>

#include "config_error.h"

using namespace logsgd;

TEST_CASE("calibration: trims name current sources and their servo currents") {
  const std::map<std::string, double> parameters{{"itau", 1e-9}};
  auto parse = [&](const std::string& yaml) { return parse_calibration(YamlNode::load_string(yaml, "t.yaml"), parameters); };
  CalibrationDef def = parse("{trims: [{source: itrim1, servo: i(vsrv1)}], full_scale: itau, bits: 12}");
  REQUIRE(def.trims.size() == 1);
  CHECK(def.trims[0].source == "itrim1");
  CHECK(def.trims[0].servo == "i(vsrv1)");
  CHECK(def.full_scale.resolve(parameters) == doctest::Approx(1e-9));
  CHECK(def.bits == 12);
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: vtrim, servo: i(v1)}], full_scale: 1n}"), doctest::Contains("current source"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: \"i1\\n.control\", servo: i(v1)}], full_scale: 1n}"),
                       doctest::Contains("current source"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: i1, servo: v(out)}], full_scale: 1n}"), doctest::Contains("not a current"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: i1, servo: i(v1)}, {source: i1, servo: i(v2)}], full_scale: 1n}"),
                       doctest::Contains("twice"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [], full_scale: 1n}"), doctest::Contains("at least one"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: i1, servo: i(v1)}], full_scale: nosuch}"), doctest::Contains("neither"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: i1, servo: i(v1)}], full_scale: 1n, bits: 1}"), doctest::Contains("bits"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: i1, servo: i(v1)}], full_scale: 1n, gain: 3}"), doctest::Contains("gain"), ConfigError);
}

TEST_CASE("calibration: the trim DAC rounds to its nearest level and saturates outside its range") {
  // 4 bits over +-8: levels -8, -7, ..., +7 in steps of 1.
  CHECK(quantise_trim(2.4, 8, 4).value == doctest::Approx(2));
  CHECK(quantise_trim(-2.6, 8, 4).value == doctest::Approx(-3));
  CHECK_FALSE(quantise_trim(7.4, 8, 4).saturated);
  TrimLevel high = quantise_trim(9.0, 8, 4);
  CHECK(high.saturated);
  CHECK(high.value == doctest::Approx(7));
  TrimLevel low = quantise_trim(-8.6, 8, 4);
  CHECK(low.saturated);
  CHECK(low.value == doctest::Approx(-8));
  CHECK(quantise_trim(NAN, 8, 4).saturated);
  CHECK(quantise_trim(NAN, 8, 4).value == 0);
  // 12 bits over +-1 nA: steps of 0.488 pA.
  CHECK(quantise_trim(1.5e-12, 1e-9, 12).value == doctest::Approx(3 * 1e-9 / 2048));
}
