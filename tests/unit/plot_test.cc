#include "plot.h"

#include <doctest/doctest.h>

#include <numeric>

using namespace logsgd;

TEST_CASE("histogram bins are linear over a narrow range and logarithmic over decades") {
  HistogramBins linear = histogram_bins({1.0, 1.5, 2.0, 2.5, 3.0}, 1.0, 3.0);
  CHECK_FALSE(linear.log);
  REQUIRE(linear.edges.size() == linear.counts.size() + 1);
  CHECK(linear.edges.front() == doctest::Approx(1.0));
  CHECK(linear.edges.back() == doctest::Approx(3.0));
  CHECK(linear.edges[1] - linear.edges[0] == doctest::Approx(linear.edges[2] - linear.edges[1]));
  CHECK(std::accumulate(linear.counts.begin(), linear.counts.end(), 0) == 5);

  // NMSE over mismatch: 0.05 % ... 2e4 %: equal bins per decade, each value in its decade.
  std::vector<double> spread{0.05, 0.07, 0.5, 0.6, 5, 50, 2e4};
  HistogramBins log = histogram_bins(spread, 0.05, 2e4);
  CHECK(log.log);
  CHECK(log.edges[1] / log.edges[0] == doctest::Approx(log.edges[2] / log.edges[1]));
  CHECK(std::accumulate(log.counts.begin(), log.counts.end(), 0) == 7);
  CHECK(log.counts.front() >= 1);
  CHECK(log.counts.back() == 1);

  // Zero or negative values keep linear bins.
  CHECK_FALSE(histogram_bins({0.0, 100.0, 1e4}, 0.0, 1e4).log);
}
