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
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: rtrim, servo: i(v1)}], full_scale: 1n}"), doctest::Contains("current source"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: vtrim, servo: i(v1)}], full_scale: 1n}"), doctest::Contains("`register`"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: \"i1\\n.control\", servo: i(v1)}], full_scale: 1n}"),
                       doctest::Contains("not a name"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: i1, servo: v(out)}], full_scale: 1n}"), doctest::Contains("neither a current"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: i1, servo: i(v1)}, {source: i1, servo: i(v2)}], full_scale: 1n}"),
                       doctest::Contains("twice"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [], full_scale: 1n}"), doctest::Contains("at least one"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: i1, servo: i(v1)}], full_scale: nosuch}"), doctest::Contains("neither"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: i1, servo: i(v1)}], full_scale: 1n, bits: 1}"), doctest::Contains("bits"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: i1, servo: i(v1)}], full_scale: 1n, gain: 3}"), doctest::Contains("gain"), ConfigError);
}

TEST_CASE("calibration: a trim may have its own range and resolution") {
  const std::map<std::string, double> parameters{{"itau", 1e-9}};
  auto parse = [&](const std::string& yaml) { return parse_calibration(YamlNode::load_string(yaml, "t.yaml"), parameters); };
  CalibrationDef def = parse("{trims: [{source: itrim1, servo: i(v1), full_scale: 2*itau, bits: 8, ruler: true},"
                             " {source: iqt1, servo: i(v1), ruler: false}], full_scale: itau, bits: 16,"
                             " algorithm: successive_approximation}");
  REQUIRE(def.trims.size() == 2);
  CHECK(def.trims[0].full_scale->resolve(parameters) == doctest::Approx(2e-9));
  CHECK(def.trims[0].bits == 8);
  CHECK_FALSE(def.trims[1].bits);
  CHECK(def.ruler_bits() == 8);  // the one ruler's resolution, not the block's 16
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: i1, servo: i(v1), bits: 8.5}], full_scale: 1n}"),
                       doctest::Contains("t.yaml:1: key 'trims[0].bits': bits must be a whole number"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: i1, servo: i(v1), bits: 30}], full_scale: 1n}"),
                       doctest::Contains("from 2 to 24"), ConfigError);
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

TEST_CASE("calibration points: voltage sources per point, at least two") {
  const std::map<std::string, double> parameters;
  auto parse = [&](const std::string& yaml) { return parse_calibration(YamlNode::load_string(yaml, "t.yaml"), parameters); };
  CalibrationDef def = parse("{trims: [{source: i1, servo: i(v1)}, {source: i2, servo: i(v1)}], full_scale: 1n,"
                             " points: [{vcalw: 1}, {vcalw: 1.5}]}");
  REQUIRE(def.points.size() == 2);
  REQUIRE(def.points[1].size() == 1);
  CHECK(def.points[1][0].weight == doctest::Approx(1));
  CHECK(def.points[1][0].sources.at("vcalw") == doctest::Approx(1.5));
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: i1, servo: i(v1)}], full_scale: 1n, points: [{vcalw: 1}]}"),
                       doctest::Contains("at least two"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: i1, servo: i(v1)}], full_scale: 1n, points: [{rcal: 1}, {rcal: 2}]}"),
                       doctest::Contains("voltage source"), ConfigError);
}

TEST_CASE("a trim may be solved over some of the calibration points (numbered from 1)") {
  const std::map<std::string, double> parameters;
  auto parse = [&](const std::string& yaml) { return parse_calibration(YamlNode::load_string(yaml, "t.yaml"), parameters); };
  CalibrationDef def = parse("{trims: [{source: i1, servo: i(v1), points: [1, 3]}, {source: i2, servo: i(v2)}], full_scale: 1n,"
                             " points: [{vcalw: 1}, {vcalw: 1.5}, {vtw1: 0.5}]}");
  CHECK(def.trims[0].points == std::vector<std::size_t>{0, 2});
  CHECK(def.trims[1].points.empty());
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: i1, servo: i(v1), points: [3]}], full_scale: 1n, points: [{vcalw: 1}, {vcalw: 2}]}"),
                       doctest::Contains("point 3 does not exist (the calibration has points 1 to 2)"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: i1, servo: i(v1), points: [1.5]}], full_scale: 1n, points: [{vcalw: 1}, {vcalw: 2}]}"),
                       doctest::Contains("does not exist"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: i1, servo: i(v1), points: [1]}], full_scale: 1n}"), doctest::Contains("need the calibration's"),
                       ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: i1, servo: i(v1), points: []}], full_scale: 1n, points: [{vcalw: 1}, {vcalw: 2}]}"),
                       doctest::Contains("at least one"), ConfigError);
}

TEST_CASE("a calibration point may be a weighted sum of DC states") {
  const std::map<std::string, double> parameters;
  CalibrationDef def = parse_calibration(
      YamlNode::load_string("{trims: [{source: i1, servo: i(v1)}], full_scale: 1n,"
                            " points: [{vcalw: 0.5}, [{vcalw: 1.5}, {weight: 0.7, vcalw: 1, vlrn: 1.8}, {weight: -0.7, vcalw: 1}]]}",
                            "t.yaml"),
      parameters);
  REQUIRE(def.points.size() == 2);
  REQUIRE(def.points[1].size() == 3);
  CHECK(def.points[1][0].weight == doctest::Approx(1));
  CHECK(def.points[1][1].weight == doctest::Approx(0.7));
  CHECK(def.points[1][1].sources.at("vlrn") == doctest::Approx(1.8));
  CHECK(def.points[1][2].weight == doctest::Approx(-0.7));
  CHECK(def.points[1][2].sources.size() == 1);
}

TEST_CASE("a trim may have its own DAC range (a number or a parameter)") {
  const std::map<std::string, double> parameters{{"iu", 1e-8}, {"itau", 1e-9}};
  auto parse = [&](const std::string& yaml) { return parse_calibration(YamlNode::load_string(yaml, "t.yaml"), parameters); };
  CalibrationDef def = parse("{trims: [{source: i1, servo: i(v1)}, {source: iq1, servo: i(v1), full_scale: iu}], full_scale: itau}");
  REQUIRE(def.trims.size() == 2);
  CHECK_FALSE(def.trims[0].full_scale.has_value());
  REQUIRE(def.trims[1].full_scale.has_value());
  CHECK(def.trims[1].full_scale->resolve(parameters) == doctest::Approx(1e-8));
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: i1, servo: i(v1), full_scale: -1n}], full_scale: itau}"),
                       doctest::Contains("positive"), ConfigError);
}

TEST_CASE("a trim may null a device's current to a target (the trainer's sum node: the error diode to I_u)") {
  const std::map<std::string, double> parameters{{"iu", 1e-8}, {"itau", 1e-9}};
  auto parse = [&](const std::string& yaml) { return parse_calibration(YamlNode::load_string(yaml, "t.yaml"), parameters); };
  CalibrationDef def = parse("{trims: [{source: io, servo: \"@m.xt.xerr.xe0.msky130_fd_pr__pfet_01v8[id]\", target: iu}], full_scale: itau}");
  REQUIRE(def.trims.size() == 1);
  CHECK(def.trims[0].servo == "@m.xt.xerr.xe0.msky130_fd_pr__pfet_01v8[id]");
  REQUIRE(def.trims[0].target.has_value());
  CHECK(def.trims[0].target->resolve(parameters) == doctest::Approx(1e-8));
  CHECK_FALSE(parse("{trims: [{source: i1, servo: i(v1)}], full_scale: itau}").trims[0].target.has_value());
  // Nothing else reaches the netlist: a device vector must look like one.
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: io, servo: \"@m.x1[id]; shell ls\", target: iu}], full_scale: itau}"),
                       doctest::Contains("neither a current"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: io, servo: i(v1), target: nosuch}], full_scale: itau}"),
                       doctest::Contains("neither"), ConfigError);
}

TEST_CASE("a calibration may bound its servos' currents (a number or a parameter)") {
  const std::map<std::string, double> parameters{{"itau", 1e-9}};
  auto parse = [&](const std::string& yaml) { return parse_calibration(YamlNode::load_string(yaml, "t.yaml"), parameters); };
  CHECK_FALSE(parse("{trims: [{source: i1, servo: i(v1)}], full_scale: itau}").servo_limit.has_value());
  CalibrationDef def = parse("{trims: [{source: i1, servo: i(v1)}], full_scale: itau, servo_limit: itau}");
  REQUIRE(def.servo_limit.has_value());
  CHECK(def.servo_limit->resolve(parameters) == doctest::Approx(1e-9));
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: i1, servo: i(v1)}], full_scale: itau,\n servo_limit: 0}"),
                       doctest::Contains("t.yaml:2"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: i1, servo: i(v1)}], full_scale: itau, servo_limit: 0}"),
                       doctest::Contains("servo_limit must be positive"), ConfigError);
}

TEST_CASE("a successive-approximation calibration names one ruler per servo and may give its decision time") {
  const std::map<std::string, double> parameters{{"itau", 1e-9}};
  auto parse = [&](const std::string& yaml) { return parse_calibration(YamlNode::load_string(yaml, "t.yaml"), parameters); };
  CalibrationDef least = parse("{trims: [{source: i1, servo: i(v1)}], full_scale: itau}");
  CHECK(least.algorithm == CalibrationAlgorithm::least_squares);
  CalibrationDef def = parse(
      "{trims: [{source: i1, servo: i(v1), ruler: true}, {source: i2, servo: i(v1)}, {source: i3, servo: i(v3), ruler: true}],"
      " full_scale: itau, algorithm: successive_approximation, decision_time: 10m}");
  CHECK(def.algorithm == CalibrationAlgorithm::successive_approximation);
  CHECK(def.trims[0].ruler);
  CHECK_FALSE(def.trims[1].ruler);
  REQUIRE(def.decision_time.has_value());
  CHECK(def.decision_time->resolve(parameters) == doctest::Approx(0.01));
  // A servo without a ruler cannot be measured; two rulers for one servo are ambiguous.
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: i1, servo: i(v1), ruler: true},\n {source: i2, servo: i(v2)}],"
                             " full_scale: itau, algorithm: successive_approximation}"),
                       doctest::Contains("t.yaml:2"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: i1, servo: i(v1)}], full_scale: itau, algorithm: successive_approximation}"),
                       doctest::Contains("has no ruler"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: i1, servo: i(v1), ruler: true}, {source: i2, servo: i(v1), ruler: true}],"
                             " full_scale: itau, algorithm: successive_approximation}"),
                       doctest::Contains("already has ruler 'i1'"), ConfigError);
  // Rulers and decision times belong to the searched calibration only; the algorithm is one of two.
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: i1, servo: i(v1), ruler: true}], full_scale: itau}"),
                       doctest::Contains("needs `algorithm: successive_approximation`"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: i1, servo: i(v1)}], full_scale: itau, decision_time: 1m}"),
                       doctest::Contains("needs `algorithm"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [{source: i1, servo: i(v1)}], full_scale: itau, algorithm: newton}"),
                       doctest::Contains("'newton' is not a calibration algorithm"), ConfigError);
}

TEST_CASE("solve_trims nulls a linear servo response, in the least-squares sense when overdetermined") {
  // Two servos, two trims: s = s0 + J t with J = [[2, 1], [0, 1]], s0 = (4, 1) -> t = (-1.5, -1).
  std::vector<double> t = solve_trims({4, 1}, {{2, 0}, {1, 1}});
  REQUIRE(t.size() == 2);
  CHECK(t[0] == doctest::Approx(-1.5));
  CHECK(t[1] == doctest::Approx(-1));
  // One trim seen by the same servo at two points: s0 = (2, 4), J = (1, 1) -> t = -3.
  std::vector<double> one = solve_trims({2, 4}, {{1, 1}});
  REQUIRE(one.size() == 1);
  CHECK(one[0] == doctest::Approx(-3));
}

TEST_CASE("calibration: a trim DAC at transistor level is named by its register") {
  const std::map<std::string, double> parameters{{"iu", 1e-8}};
  auto parse = [&](const std::string& yaml) { return parse_calibration(YamlNode::load_string(yaml, "t.yaml"), parameters); };
  CalibrationDef def = parse("{trims: [{register: c_qt1, servo: i(v1), bits: 8}, {source: itrim1, servo: i(v1)}], full_scale: iu}");
  CHECK(def.trims[0].code_register);
  CHECK(def.trims[0].source == "c_qt1");
  CHECK_FALSE(def.trims[1].code_register);
  CHECK_THROWS_WITH_AS(parse("{trims: [{register: c1, source: i1, servo: i(v1)}], full_scale: iu}"), doctest::Contains("not both"),
                       ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [{register: \"c1 0 dc 1\", servo: i(v1)}], full_scale: iu}"), doctest::Contains("t.yaml:1"),
                       ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [{register: \"c1 0 dc 1\", servo: i(v1)}], full_scale: iu}"), doctest::Contains("not a name"),
                       ConfigError);
  CHECK_THROWS_WITH_AS(parse("{trims: [{register: c1, servo: i(v1), ruler: true}], full_scale: iu, algorithm: successive_approximation}"),
                       doctest::Contains("ruler"), ConfigError);
}
