// Plots for the report: one PNG per testbench plot, every condition overlaid, drawn by gnuplot.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "yaml_node.h"

namespace logsgd {

// How a y vector is shown. slope_factor: the local subthreshold slope factor
// 1/(U_T · d ln|y|/dx) against |y|, the curve log-domain designers size devices with.
enum class PlotTransform { none, magnitude, slope_factor };

struct PlotDef {
  std::string name;  // file name: plots/<name>.png
  std::string title;
  std::string x;     // vector name, or "sweep" for a results plot
  std::vector<std::string> y;
  // Legend names for y (or results), in the same order: `labels: [nfet, pfet]` shows "tt_27C_1.80V nfet"
  // instead of the raw vector name "i(vdn)". Empty: the vector (or result) names.
  std::vector<std::string> labels;
  std::vector<std::string> results;  // a results plot: measured values against the design sweep
  std::string x_label, y_label;
  bool log_x = false, log_y = false;
  PlotTransform transform = PlotTransform::none;
  // x counts something (runs of a trend): integer tics, a margin around the points and plain
  // 4-digit y labels (a value that did not move would otherwise get tics 1e-15 apart).
  bool integer_x = false;
};

PlotDef parse_plot(const YamlNode& node);

struct PlotSeries {
  std::string label;
  std::vector<double> x, y;
  double temperature_c = 27;  // for slope_factor
  int color = 0;               // 1.. picks a colour (pairs share one); 0: the series' own position
  bool dashed = false;         // e.g. the ideal reference under the circuit's curve
  bool points = false;         // mark every point (a trend over a few runs)
  bool markers_only = false;   // points without a line (measured values beside a fitted curve)
};

// A printf format for the tick labels of a linear axis over [lo, hi] with enough significant
// digits that neighbouring ticks differ: a weight that moves by 1e-6 around 0.5 gets ticks 2e-7
// apart, which gnuplot's default 6-digit "% h" prints as "0.5" on every one.
std::string tick_format(double lo, double hi);

// How series k (1-based colour index) is drawn: a colour of a 12-colour palette and, once the
// palette is used up, another dash type, so no two of up to 12 x 4 series look alike (gnuplot's
// own cycle repeats after 8 colours).
struct SeriesStyle {
  std::string color;  // "#rrggbb"
  int dash_type = 1;  // gnuplot dt: 1 solid, 2 dashed, 3 dotted, 4 dash-dot, 5 dash-dot-dot
};
SeriesStyle series_style(int index, bool dashed);

// The label of y vector (or result) k of a plot: its `labels` entry, else its own name.
std::string series_label(const PlotDef& plot, std::size_t k);

// Writes `file` (PNG); returns false (and leaves no file) when gnuplot is missing or fails.
bool render_plot(const PlotDef& plot, const std::vector<PlotSeries>& series, const std::filesystem::path& file);

// Histogram bins over [lo, hi] (the values and limits): linear, or logarithmic when everything is
// positive and spans more than two decades (a trainer's NMSE over mismatch runs from 0.01 % to
// 10^4 %: linear bins would put almost every sample in the first one).
struct HistogramBins {
  std::vector<double> edges;  // counts.size() + 1 increasing values
  std::vector<int> counts;
  bool log = false;
};
HistogramBins histogram_bins(const std::vector<double>& values, double lo, double hi);

// A histogram of Monte Carlo values with the failing limits drawn as labelled vertical lines, all
// in view; `x_label` names the quantity.
bool render_histogram(const std::string& title, const std::string& x_label, const std::vector<double>& values,
                      std::optional<double> min_limit, std::optional<double> max_limit, const std::filesystem::path& file);

}  // namespace logsgd
