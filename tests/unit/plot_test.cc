#include "plot.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <set>

#include "aggregate.h"
#include "config_error.h"
#include "pelgrom_plot.h"

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

namespace {

// Every tick gnuplot could choose over [lo, hi] (a 1, 2 or 5 times a power of ten, at least
// span/20 apart), printed with `format`.
std::vector<std::string> tick_labels(double lo, double hi, const std::string& format) {
  const double span = hi - lo, decade = std::pow(10.0, std::floor(std::log10(span / 20)));
  double step = decade;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * decade >= span / 20) {
      step = m * decade;
      break;
    }
  std::vector<std::string> labels;
  for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
    char text[64];
    std::snprintf(text, sizeof text, format.c_str(), std::fabs(t) < step * 1e-9 ? 0.0 : t);
    labels.push_back(text);
  }
  return labels;
}

bool all_distinct(std::vector<std::string> labels) {
  std::sort(labels.begin(), labels.end());
  return std::adjacent_find(labels.begin(), labels.end()) == labels.end();
}

}  // namespace

TEST_CASE("tick labels of a narrow range are all different (a weight moving by 1e-6 around 0.5)") {
  // gnuplot's default (6 significant digits) repeats "0.5" over this weight's axis.
  CHECK_FALSE(all_distinct(tick_labels(0.5, 0.500002, "%g")));
  for (auto [lo, hi] : {std::pair{0.5, 0.500002}, {0.1, 0.1002}, {-1e-3, 1e-3}, {1e-9, 3e-9}, {100.0, 100.5},
                        {-0.25, -0.2499999}, {0.0, 2e-3}}) {
    const std::string format = tick_format(lo, hi);
    INFO(lo, " ", hi, " ", format);
    const auto labels = tick_labels(lo, hi, format);
    CHECK(labels.size() >= 2);
    CHECK(all_distinct(labels));
  }
  CHECK(tick_format(0, 1) == "%.4g");  // a wide range keeps short labels
}

TEST_CASE("the Pelgrom plot has each size's sigma at 1/sqrt(WL) and the fitted line through the origin") {
  AggregateDef def = parse_aggregate(YamlNode::load_string(
      "{name: pelgrom, function: pelgrom_fit, args: {results: [m1.x, m2.x], areas: [1, 4]}}", "t.yaml"));
  RunResult run;
  run.aggregates["mc_binned"] = {{"pelgrom.a", 0.2}, {"pelgrom.sigma_0", 0.21}, {"pelgrom.sigma_1", 0.095}};
  run.aggregates["mc_failed"] = {};  // no fit (too few samples): no curve
  const auto series = pelgrom_series(def, run);
  REQUIRE(series.size() == 2);
  CHECK(series[0].markers_only);
  CHECK(series[0].x == std::vector<double>{1.0, 0.5});
  CHECK(series[0].y == std::vector<double>{0.21, 0.095});
  CHECK(series[1].dashed);
  CHECK(series[1].color == series[0].color);
  CHECK(series[1].x.front() == 0);
  CHECK(series[1].y.front() == 0);
  CHECK(series[1].y.back() == doctest::Approx(0.2 * series[1].x.back()));
  CHECK(series[1].label.find("A = 0.2 µm") != std::string::npos);
}
