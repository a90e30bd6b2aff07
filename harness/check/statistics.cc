#include "statistics.h"

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <cmath>
#include <map>
#include <numeric>

namespace logsgd {

Interval clopper_pearson(int passed, int samples, double confidence) {
  Interval interval;
  if (samples <= 0) return interval;
  const double alpha = 1 - confidence;
  if (passed > 0)
    interval.low = boost::math::quantile(boost::math::beta_distribution<>(passed, samples - passed + 1), alpha / 2);
  else
    interval.low = 0;
  if (passed < samples)
    interval.high = boost::math::quantile(boost::math::beta_distribution<>(passed + 1, samples - passed), 1 - alpha / 2);
  else
    interval.high = 1;
  return interval;
}

std::vector<SpecStatistics> monte_carlo_statistics(const RunResult& run) {
  std::vector<SpecStatistics> result;
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  for (const auto& check : run.checks) {
    const JobOutcome& outcome = run.outcome_of(check);
    if (outcome.job.sample < 0 || check.job_failure) continue;
    auto key = std::make_pair(check.spec.result, outcome.job.condition.id);
    auto [it, fresh] = index.emplace(key, result.size());
    if (fresh) {
      result.emplace_back();
      result.back().spec = check.spec;
      result.back().condition_id = outcome.job.condition.id;
    }
    SpecStatistics& s = result[it->second];
    ++s.samples;
    if (check.value) s.values.push_back(*check.value);
    if (check.verdict.status == Status::pass || check.verdict.status == Status::near) ++s.passed;
  }
  for (auto& s : result) {
    s.measured = static_cast<int>(s.values.size());
    s.judged = s.spec.has_failing_limit();
    s.yield = s.samples ? static_cast<double>(s.passed) / s.samples : 0;
    s.yield_interval = clopper_pearson(s.passed, s.samples);
    if (s.values.empty()) continue;
    const double n = static_cast<double>(s.values.size());
    s.mean = std::accumulate(s.values.begin(), s.values.end(), 0.0) / n;
    double square_sum = 0;
    for (double v : s.values) square_sum += (v - s.mean) * (v - s.mean);
    s.sigma = s.values.size() > 1 ? std::sqrt(square_sum / (n - 1)) : 0;
    auto [lo, hi] = std::minmax_element(s.values.begin(), s.values.end());
    s.min = *lo;
    s.max = *hi;
    if (s.sigma > 0) {
      std::optional<double> cpk;
      if (s.spec.max.value && s.spec.max.fail) cpk = (*s.spec.max.value - s.mean) / (3 * s.sigma);
      if (s.spec.min.value && s.spec.min.fail) {
        double lower = (s.mean - *s.spec.min.value) / (3 * s.sigma);
        cpk = cpk ? std::min(*cpk, lower) : lower;
      }
      s.cpk = cpk;
    }
  }
  return result;
}

}  // namespace logsgd
