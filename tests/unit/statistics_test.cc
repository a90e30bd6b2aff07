#include "statistics.h"

#include <doctest/doctest.h>

using namespace logsgd;

TEST_CASE("Clopper-Pearson intervals match published values") {
  // 200 of 200 passing: the one-sided 97.5 % lower bound is 0.025^(1/200) = 0.98173.
  Interval all = clopper_pearson(200, 200);
  CHECK(all.low == doctest::Approx(0.98173).epsilon(1e-4));
  CHECK(all.high == 1.0);
  Interval half = clopper_pearson(5, 10);  // textbook: [0.1871, 0.8129]
  CHECK(half.low == doctest::Approx(0.1871).epsilon(1e-3));
  CHECK(half.high == doctest::Approx(0.8129).epsilon(1e-3));
  CHECK(clopper_pearson(0, 10).low == 0.0);
}

TEST_CASE("Monte Carlo statistics per spec: mean and sigma and yield and Cpk") {
  RunResult run;
  Spec spec;
  spec.result = "m.x";
  spec.max.value = 10.0;
  std::vector<double> values{1, 2, 3, 4, 5, 6, 7, 8, 9, 11};  // one sample above max
  for (std::size_t i = 0; i < values.size(); ++i) {
    JobOutcome o;
    o.job.sample = static_cast<int>(i);
    o.job.condition.id = "tt_27C_1.80V_mm";
    o.sim.ok = true;
    run.outcomes.push_back(o);
    SpecCheck c;
    c.spec = spec;
    c.outcome = i;
    c.value = values[i];
    c.verdict = evaluate(spec, values[i]);
    run.checks.push_back(c);
  }
  auto stats = monte_carlo_statistics(run);
  REQUIRE(stats.size() == 1);
  const auto& s = stats[0];
  CHECK(s.samples == 10);
  CHECK(s.passed == 9);
  CHECK(s.yield == doctest::Approx(0.9));
  CHECK(s.mean == doctest::Approx(5.6));
  CHECK(s.sigma == doctest::Approx(3.204164).epsilon(1e-5));
  CHECK(s.max == 11);
  REQUIRE(s.cpk);
  CHECK(*s.cpk == doctest::Approx((10 - 5.6) / (3 * 3.204164)).epsilon(1e-5));
}
