// Specs checked against a run's jobs: outside its sweep_range a value is information, neither a
// pass nor a failure.
#include "check.h"

#include <doctest/doctest.h>

#include "yaml_node.h"

using namespace logsgd;

TEST_CASE("outside its sweep_range a value is info, inside it is judged") {
  Testbench testbench;
  testbench.specs.push_back(parse_spec(YamlNode::load_string("{result: t.nmse, max: 1, sweep_range: [10p, 30n]}", "t.yaml")));
  std::vector<JobOutcome> outcomes(3);
  const double sweep[] = {1e-9, 1e-7, 1e-7};
  const double nmse[] = {2.0, 2.0, 0.5};
  for (int k = 0; k < 3; ++k) {
    outcomes[k].job.id = "t/tt_" + std::to_string(k);
    outcomes[k].job.sweep_value = sweep[k];
    outcomes[k].sim.ok = true;
    outcomes[k].measured["t.nmse"] = nmse[k];
  }
  auto checks = check_specs(testbench, outcomes);
  REQUIRE(checks.size() == 3);
  CHECK(checks[0].verdict.status == Status::fail);   // 1 nA: judged, above max
  CHECK(checks[1].verdict.status == Status::info);   // 100 nA: outside the range, failing value not judged
  CHECK(checks[1].verdict.reason.find("not judged, outside the sweep_range: 2 > max 1") == 0);
  CHECK(checks[2].verdict.status == Status::info);   // outside the range a passing value is not a pass either
  CHECK(checks[2].verdict.reason == "not judged, outside the sweep_range");
}
