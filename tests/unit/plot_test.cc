#include "plot.h"

#include <doctest/doctest.h>

#include <numeric>
#include <set>

#include "config_error.h"

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

TEST_CASE("series styles: no two of the first 48 curves look alike and the reference is dashed") {
  std::set<std::pair<std::string, int>> seen;
  for (int k = 1; k <= 48; ++k) {
    SeriesStyle style = series_style(k, false);
    CHECK(style.dash_type != 2);  // dashed is the ideal reference's
    CHECK(seen.insert({style.color, style.dash_type}).second);
  }
  CHECK(series_style(9, false).color != series_style(1, false).color);  // gnuplot's own cycle repeats at 9
  CHECK(series_style(3, true).dash_type == 2);
  CHECK(series_style(3, true).color == series_style(3, false).color);  // a pair shares its colour
}

TEST_CASE("plot labels name the curves in the legend, one per y vector") {
  PlotDef plot = parse_plot(YamlNode::load_string("{name: id, x: sweep, y: ['i(vdn)', 'i(vdp)'], labels: [nfet, pfet]}", "t.yaml"));
  CHECK(series_label(plot, 0) == "nfet");
  CHECK(series_label(plot, 1) == "pfet");
  PlotDef unlabelled = parse_plot(YamlNode::load_string("{name: id, x: sweep, y: ['i(vdn)']}", "t.yaml"));
  CHECK(series_label(unlabelled, 0) == "i(vdn)");
  CHECK_THROWS_WITH_AS(parse_plot(YamlNode::load_string("{name: id, x: sweep, y: ['i(vdn)'], labels: [a, b]}", "t.yaml")),
                       doctest::Contains("labels has 2 names for 1 curves"), ConfigError);
}
