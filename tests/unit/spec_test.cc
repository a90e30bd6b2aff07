#include "spec.h"

#include <doctest/doctest.h>

using namespace logsgd;

static Spec spec_from(const std::string& yaml) {
  return parse_spec(YamlNode::load_string(yaml, "spec.yaml"));
}

TEST_CASE("min and max limits fail - typical only informs") {
  Spec spec = spec_from("{result: a.n, min: 1.1, typ: 1.4, max: 1.7}");
  CHECK(evaluate(spec, 1.3).status == Status::pass);
  CHECK(evaluate(spec, 1.0).status == Status::fail);
  CHECK(evaluate(spec, 1.8).status == Status::fail);
  CHECK(evaluate(spec, 1.1).status == Status::near);  // limits are inclusive; at the limit is near
  CHECK(evaluate(spec, std::nullopt).status == Status::error);
}

TEST_CASE("a limit with fail: false never fails: the value is information, not a pass") {
  Spec spec = spec_from("{result: a.n, max: {value: 1.0, fail: false}}");
  CHECK(evaluate(spec, 5.0).status == Status::info);
  CHECK(evaluate(spec, 0.5).status == Status::info);
}

TEST_CASE("a spec with typ only or no limits at all is info and a missing value is still an error") {
  CHECK(evaluate(spec_from("{result: a.n, typ: {value: 2, fail: false}}"), 2.0).status == Status::info);
  CHECK(evaluate(spec_from("{result: a.n}"), 7.0).status == Status::info);
  CHECK(evaluate(spec_from("{result: a.n}"), std::nullopt).status == Status::error);
  CHECK(to_string(Status::info) == "info");
  // One failing limit is enough to judge.
  CHECK(evaluate(spec_from("{result: a.n, typ: 2, min: 1}"), 2.0).status == Status::pass);
}

TEST_CASE("limits accept SPICE suffixes") {
  Spec spec = spec_from("{result: a.i, min: 10n, max: 10u, unit: A}");
  CHECK(evaluate(spec, 1e-6).status == Status::pass);
  CHECK(evaluate(spec, 1e-9).status == Status::fail);
}

TEST_CASE("inconsistent or unknown spec keys are errors naming the key") {
  CHECK_THROWS_WITH_AS(spec_from("{result: a.n, min: 2, max: 1}"), doctest::Contains("min 2 is above max 1"), ConfigError);
  CHECK_THROWS_WITH_AS(spec_from("{result: a.n, maximum: 1}"), doctest::Contains("key 'maximum'"), ConfigError);
}

TEST_CASE("a value within the near margin of a limit passes as near") {
  Spec spec = spec_from("{result: a.n, min: 1.0, max: 2.0}");  // margins 5 % of each limit: 0.05 and 0.1
  CHECK(evaluate(spec, 1.5).status == Status::pass);
  CHECK(evaluate(spec, 1.03).status == Status::near);
  CHECK(evaluate(spec, 1.97).status == Status::near);
  CHECK(evaluate(spec, 1.89).status == Status::pass);
  Spec one_sided = spec_from("{result: a.n, min: 3, near: 0.1}");  // margin 10 % of |3|
  CHECK(evaluate(one_sided, 3.2).status == Status::near);
  CHECK(evaluate(one_sided, 3.4).status == Status::pass);
  Spec window = spec_from("{result: a.r, min: 0.99, max: 1.01}");  // margin 5 % of the 0.02 span
  CHECK(evaluate(window, 1.0).status == Status::pass);
  CHECK(evaluate(window, 1.0095).status == Status::near);
}

TEST_CASE("a sweep_range limits which design-sweep values a spec judges") {
  Spec spec = spec_from("{result: t.nmse, max: 2, sweep_range: [10p, 30n]}");
  CHECK(spec.judges_sweep_value(std::nullopt));
  CHECK(spec.judges_sweep_value(10e-12));
  CHECK(spec.judges_sweep_value(30e-9));
  CHECK_FALSE(spec.judges_sweep_value(100e-9));
  CHECK_THROWS_AS(spec_from("{result: t.nmse, max: 2, sweep_range: [30n, 10p]}"), ConfigError);
}
