#include "mismatch_sensitivity.h"

#include <doctest/doctest.h>

#include "config_error.h"

using namespace logsgd;

TEST_CASE("mismatch sensitivity: outputs must be plain vectors, scale positive") {
  auto parse = [](const std::string& yaml) { return parse_mismatch_sensitivity(YamlNode::load_string(yaml, "t.yaml")); };
  MismatchSensitivityDef def = parse("{outputs: [i(vw1), v(out)], scale: 20n, top: 5}");
  CHECK(def.outputs.size() == 2);
  CHECK(def.scale == doctest::Approx(20e-9));
  CHECK(def.top == 5);
  CHECK_THROWS_WITH_AS(parse("{outputs: [\"v(a)\\n.control\"]}"), doctest::Contains("not a plain"), ConfigError);
  CHECK_THROWS_AS(parse("{outputs: [v(a)], scale: 0}"), ConfigError);
}

TEST_CASE("contributions rank by their scaled change and add as root sum of squares") {
  std::vector<MismatchContribution> c{{"m.a", 1, 1, 1e-3, {3e-9, 0}}, {"m.b", 1, 1, 1e-3, {0, 4e-9}},
                                      {"m.c", 1, 1, 1e-3, {1e-9, 1e-9}}};
  auto ranked = rank_contributions(c, 1e-9);
  CHECK(ranked[0].contribution->device == "m.b");
  CHECK(ranked[0].magnitude == doctest::Approx(4));
  CHECK(ranked[2].contribution->device == "m.c");
  auto sigma = linearised_sigma(c, 2);
  CHECK(sigma[0] == doctest::Approx(std::sqrt(10.0) * 1e-9));
  CHECK(sigma[1] == doctest::Approx(std::sqrt(17.0) * 1e-9));
}
