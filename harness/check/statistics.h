// Statistics of a spec over Monte Carlo samples: mean, sigma, extremes, yield with a
// Clopper-Pearson confidence interval, and Cpk against the failing limits.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "run_result.h"

namespace logsgd {

struct Interval {
  double low = 0, high = 1;
};

// Exact binomial (Clopper-Pearson) interval for `passed` of `samples` at `confidence`.
Interval clopper_pearson(int passed, int samples, double confidence = 0.95);

struct SpecStatistics {
  Spec spec;
  std::string condition_id;
  int samples = 0;  // Monte Carlo jobs at this condition
  int measured = 0;  // with a value
  int passed = 0;    // pass or near
  double mean = 0, sigma = 0, min = 0, max = 0;
  // Whether the spec has a failing limit: without one there is nothing to yield against, and the
  // yield, its interval and Cpk mean nothing (the report shows none).
  bool judged = false;
  double yield = 0;  // passed / samples (a failed simulation counts as a failed sample)
  Interval yield_interval;
  std::optional<double> cpk;  // min over the failing limits of |limit - mean| / 3 sigma, signed
  std::vector<double> values;
};

// One entry per (spec, Monte Carlo condition), in spec order.
std::vector<SpecStatistics> monte_carlo_statistics(const RunResult& run);

}  // namespace logsgd
