#include "plot.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "device_extraction.h"
#include "spice_value.h"

namespace logsgd {

PlotDef parse_plot(const YamlNode& node) {
  node.expect_keys({"name", "title", "x", "y", "labels", "results", "x_label", "y_label", "log_x", "log_y", "transform"});
  PlotDef plot;
  plot.name = node.at("name").as_string();
  if (!is_safe_identifier(plot.name)) node.at("name").fail("a plot name is letters, digits and _");
  plot.title = node.string_or("title", plot.name);
  plot.x = node.at("x").as_string();
  if (auto results = node.find("results")) {
    plot.results = results->as_strings();
    if (plot.x != "sweep") node.at("x").fail("a plot of results has x: sweep (the testbench's design sweep)");
  } else {
    plot.y = node.at("y").as_strings();
    for (const auto& v : plot.y)
      if (!is_safe_vector_name(v)) node.at("y").fail(fmt::format("'{}' is not a vector name", v));
  }
  if (auto labels = node.find("labels")) {
    plot.labels = labels->as_strings();
    const std::size_t curves = plot.results.empty() ? plot.y.size() : plot.results.size();
    if (plot.labels.size() != curves)
      labels->fail(fmt::format("labels has {} names for {} curves (one per {})", plot.labels.size(), curves,
                               plot.results.empty() ? "y vector" : "result"));
  }
  plot.x_label = node.string_or("x_label", plot.x);
  plot.y_label = node.string_or("y_label", "");
  if (auto n = node.find("log_x")) plot.log_x = n->as_bool();
  if (auto n = node.find("log_y")) plot.log_y = n->as_bool();
  if (auto n = node.find("transform")) {
    std::string t = n->as_string();
    if (t == "none") plot.transform = PlotTransform::none;
    else if (t == "magnitude") plot.transform = PlotTransform::magnitude;
    else if (t == "slope_factor") plot.transform = PlotTransform::slope_factor;
    else n->fail("transform is none, magnitude or slope_factor");
  }
  return plot;
}

static std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c != '\n' && c != '\r') out += c;
  }
  return out + "\"";
}

std::string series_label(const PlotDef& plot, std::size_t k) {
  if (k < plot.labels.size()) return plot.labels[k];
  const auto& names = plot.results.empty() ? plot.y : plot.results;
  return k < names.size() ? names[k] : "";
}

// Twelve distinguishable colours (gnuplot's own cycle repeats after eight, which made the 11
// weights of the N = 10 trainer ambiguous); beyond twelve the dash type changes.
SeriesStyle series_style(int index, bool dashed) {
  static const char* palette[] = {"#9400d3", "#009e73", "#56b4e9", "#e69f00", "#f0e442", "#0072b2",
                                  "#e51e10", "#000000", "#cc79a7", "#8c564b", "#7f7f7f", "#17becf"};
  static const int cycle_dash[] = {1, 4, 3, 5};  // solid, dash-dot, dotted, dash-dot-dot; dashed (2) is the reference's
  const int k = std::max(index, 1) - 1;
  const int cycle = (k / 12) % 4;
  return {palette[k % 12], dashed ? 2 : cycle_dash[cycle]};
}

// A plot is ~900 px wide: a long transient (tens of thousands of points per series) is reduced to
// the minimum and maximum of each of `buckets` consecutive runs, in their order, so spikes survive
// and gnuplot draws in milliseconds instead of seconds.
static std::vector<std::pair<double, double>> decimated(std::vector<std::pair<double, double>> points,
                                                         std::size_t buckets = 1500) {
  if (points.size() <= 2 * buckets) return points;
  std::vector<std::pair<double, double>> kept;
  const std::size_t per_bucket = (points.size() + buckets - 1) / buckets;
  for (std::size_t start = 0; start < points.size(); start += per_bucket) {
    auto first = points.begin() + static_cast<std::ptrdiff_t>(start);
    auto last = points.begin() + static_cast<std::ptrdiff_t>(std::min(points.size(), start + per_bucket));
    auto [lo, hi] = std::minmax_element(first, last, [](const auto& a, const auto& b) { return a.second < b.second; });
    if (lo > hi) std::swap(lo, hi);
    kept.push_back(*lo);
    if (hi != lo) kept.push_back(*hi);
  }
  return kept;
}

// The points as plotted after the transform.
static std::vector<std::pair<double, double>> transformed(const PlotDef& plot, const PlotSeries& s) {
  std::vector<std::pair<double, double>> points;
  std::size_t n = std::min(s.x.size(), s.y.size());
  if (plot.transform != PlotTransform::slope_factor) {
    for (std::size_t i = 0; i < n; ++i)
      points.emplace_back(s.x[i], plot.transform == PlotTransform::magnitude ? std::fabs(s.y[i]) : s.y[i]);
    return points;
  }
  const double ut = thermal_voltage(s.temperature_c);
  for (std::size_t i = 1; i + 1 < n; ++i) {
    double a = std::fabs(s.y[i - 1]), b = std::fabs(s.y[i + 1]);
    if (!(a > 0 && b > 0) || s.x[i + 1] == s.x[i - 1]) continue;
    double slope = std::fabs((std::log(b) - std::log(a)) / (s.x[i + 1] - s.x[i - 1]));
    if (slope > 0) points.emplace_back(std::fabs(s.y[i]), 1.0 / (ut * slope));
  }
  return points;
}

static bool run_gnuplot(const std::string& script, const std::filesystem::path& file) {
  FILE* gnuplot = popen("gnuplot 2>/dev/null", "w");
  if (!gnuplot) return false;
  std::fwrite(script.data(), 1, script.size(), gnuplot);
  bool ok = pclose(gnuplot) == 0 && std::filesystem::exists(file);
  if (!ok) std::filesystem::remove(file);
  return ok;
}

static std::string header(const std::string& title, const std::filesystem::path& file) {
  return "set terminal pngcairo noenhanced size 900,560 font 'sans,10'\nset output " + quoted(file.string()) +
         "\nset title " + quoted(title) + "\nset grid\n";
}

std::string tick_format(double lo, double hi) {
  const double magnitude = std::max(std::fabs(lo), std::fabs(hi)), span = std::fabs(hi - lo);
  if (!(span > 0) || !std::isfinite(span) || !(magnitude > 0)) return "%.4g";
  // gnuplot's automatic tics are at least span/20 apart (a 1, 2 or 5 times a power of ten): one
  // digit for each decade between the largest value and that step, and one for the step itself.
  const int digits = static_cast<int>(std::floor(std::log10(magnitude)) - std::floor(std::log10(span / 20))) + 1;
  return fmt::format("%.{}g", std::clamp(digits, 4, 15));
}

bool render_plot(const PlotDef& plot, const std::vector<PlotSeries>& series, const std::filesystem::path& file) {
  std::string script = header(plot.title, file) + "set key outside right\n";
  script += "set xlabel " + quoted(plot.x_label) + "\nset ylabel " + quoted(plot.y_label) + "\n";
  if (plot.log_x) script += "set logscale x\nset format x '%.0e'\n";
  if (plot.log_y) script += "set logscale y\nset format y '%.0e'\n";
  if (plot.integer_x)
    script += "set xtics 1\nset format x '%.0f'\nset offsets 0.3, 0.3, graph 0.1, graph 0.1\n"
              "set ytics nomirror\nset yrange [*:*] noextend\n";
  // Where the current is leakage or strong inversion the local slope factor runs off to large
  // values; the range of interest for weak inversion is 1 to 2.5.
  if (plot.transform == PlotTransform::slope_factor) script += "set yrange [1:2.5]\n";
  std::string data, commands;
  int position = 0;
  double x_lo = INFINITY, x_hi = -INFINITY, y_lo = INFINITY, y_hi = -INFINITY;
  for (const auto& s : series) {
    auto points = decimated(transformed(plot, s));
    if (points.empty()) continue;
    ++position;
    const SeriesStyle look = series_style(s.color > 0 ? s.color : position, s.dashed);
    const char* with = s.markers_only ? "points pt 7 ps 1.5" : s.points ? "linespoints pt 7 ps 1" : "lines";
    std::string style = fmt::format("with {} lw 2 lc rgb '{}' dt {}", with, look.color, look.dash_type);
    commands += (commands.empty() ? "plot " : ", ") + fmt::format("'-' {} title {}", style, quoted(s.label));
    for (const auto& [x, y] : points)
      if (std::isfinite(x) && std::isfinite(y) && (!plot.log_y || y > 0) && (!plot.log_x || x > 0)) {
        data += fmt::format("{:.9g} {:.9g}\n", x, y);
        x_lo = std::min(x_lo, x), x_hi = std::max(x_hi, x), y_lo = std::min(y_lo, y), y_hi = std::max(y_hi, y);
      }
    data += "e\n";
  }
  if (commands.empty()) return false;
  // Linear axes: labels with the digits their range needs (log axes keep their '%.0e' decades).
  if (!plot.log_x && !plot.integer_x && x_hi >= x_lo) script += fmt::format("set format x '{}'\n", tick_format(x_lo, x_hi));
  if (!plot.log_y && y_hi >= y_lo) script += fmt::format("set format y '{}'\n", tick_format(y_lo, y_hi));
  return run_gnuplot(script + commands + "\n" + data, file);
}

HistogramBins histogram_bins(const std::vector<double>& values, double lo, double hi) {
  HistogramBins h;
  h.log = lo > 0 && hi / lo > 100;
  if (!(hi > lo)) hi = lo + 1e-12 + std::fabs(lo) * 1e-6;
  const int bins = std::clamp(static_cast<int>(std::sqrt(values.size())) + 5, 10, 60);
  const double a = h.log ? std::log10(lo) : lo, b = h.log ? std::log10(hi) : hi;
  for (int k = 0; k <= bins; ++k) {
    const double t = a + (b - a) * k / bins;
    h.edges.push_back(h.log ? std::pow(10.0, t) : t);
  }
  h.counts.assign(bins, 0);
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    const double t = h.log ? std::log10(v) : v;
    h.counts[std::clamp(static_cast<int>((t - a) / (b - a) * bins), 0, bins - 1)]++;
  }
  return h;
}

bool render_histogram(const std::string& title, const std::string& x_label, const std::vector<double>& values,
                      std::optional<double> min_limit, std::optional<double> max_limit, const std::filesystem::path& file) {
  if (values.size() < 2) return false;
  auto [lo_it, hi_it] = std::minmax_element(values.begin(), values.end());
  double lo = *lo_it, hi = *hi_it;
  // Every limit in view, whichever side of it the samples fall (all 16 dies can sit below a min).
  for (auto limit : {min_limit, max_limit})
    if (limit) {
      lo = std::min(lo, *limit);
      hi = std::max(hi, *limit);
    }
  HistogramBins h = histogram_bins(values, lo, hi);
  std::string label = x_label;
  label.erase(std::remove(label.begin(), label.end(), '\''), label.end());  // gnuplot quotes it
  std::string script = header(title, file) +
                       fmt::format("set style fill solid 0.6\nset ylabel 'samples'\nset xlabel '{}'\nunset key\n", label);
  if (h.log) {
    script += fmt::format("set logscale x\nset xrange [{:.9g}:{:.9g}]\n", h.edges.front() / 1.2, h.edges.back() * 1.2);
  } else {
    const double margin = 0.05 * (h.edges.back() - h.edges.front());
    script += fmt::format("set xrange [{:.9g}:{:.9g}]\n", h.edges.front() - margin, h.edges.back() + margin);
  }
  int arrows = 1;
  for (auto [limit, name] : {std::pair{min_limit, "min"}, std::pair{max_limit, "max"}})
    if (limit) {
      script += fmt::format("set arrow {} from {:.9g}, graph 0 to {:.9g}, graph 1 nohead lw 3 lc rgb 'red'\n", arrows,
                            *limit, *limit);
      script += fmt::format("set label {} '{} {:.4g}' at {:.9g}, graph 0.95 {} textcolor rgb 'red'\n", arrows, name, *limit,
                            *limit, std::string(name) == "min" ? "right offset -0.5,0" : "left offset 0.5,0");
      ++arrows;
    }
  // Each bin drawn between its own edges: correct on a log axis as well.
  script += "plot '-' using 1:2:3:4:5:6 with boxxyerror lc rgb '#3070b0'\n";
  for (std::size_t k = 0; k < h.counts.size(); ++k)
    script += fmt::format("{:.9g} {} {:.9g} {:.9g} 0 {}\n", 0.5 * (h.edges[k] + h.edges[k + 1]), h.counts[k], h.edges[k],
                          h.edges[k + 1], h.counts[k]);
  script += "e\n";
  return run_gnuplot(script, file);
}

}  // namespace logsgd
