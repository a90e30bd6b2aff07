#include "trend.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "units.h"

namespace logsgd {

namespace {

bool passing(const std::string& status) { return status == "pass" || status == "near"; }
bool failing(const std::string& status) { return status == "fail" || status == "error"; }

}  // namespace

std::vector<TrendPoint> trend(const std::vector<HistoryRow>& rows, const TrendTolerance& tolerance) {
  std::vector<TrendPoint> points;
  const HistoryRow* previous = nullptr;
  for (const auto& row : rows) {
    TrendPoint point{row, std::nullopt, false, ""};
    if (previous && (previous->testbench != row.testbench || previous->job != row.job)) previous = nullptr;
    if (!previous) {
      point.note = "first run";
    } else {
      std::vector<std::string> notes;
      if (passing(previous->status) && failing(row.status)) {
        point.regression = true;
        notes.push_back(fmt::format("{} -> {}", previous->status, row.status));
      }
      if (previous->value && row.value) {
        const double change = *row.value - *previous->value;
        point.change = change;
        const double allowed = std::max(tolerance.relative * std::fabs(*previous->value), tolerance.absolute);
        const std::string moved = *previous->value != 0
                                      ? fmt::format("{:+.3g} %", 100 * change / std::fabs(*previous->value))
                                      : fmt::format("{:+.4g} from 0", change);
        if (std::fabs(change) > allowed) {
          point.regression = true;
          notes.push_back(fmt::format("moved {} (tolerance {:g} %)", moved, 100 * tolerance.relative));
        } else if (notes.empty()) {
          notes.push_back(change == 0 ? "unchanged" : moved);
        }
      } else if (previous->value && !row.value) {
        point.regression = true;
        notes.push_back("no value");
      }
      for (const auto& n : notes) point.note += (point.note.empty() ? "" : "; ") + n;
      if (point.regression) point.note = "REGRESSION: " + point.note;
    }
    points.push_back(point);
    previous = &row;
  }
  return points;
}

std::vector<TrendPoint> keep_last(const std::vector<TrendPoint>& points, int n) {
  // Points are grouped by series, oldest first: walk back and keep n of each.
  std::map<std::pair<std::string, std::string>, int> remaining;
  std::vector<TrendPoint> kept;
  for (auto it = points.rbegin(); it != points.rend(); ++it) {
    auto slot = remaining.emplace(std::pair{it->row.testbench, it->row.job}, n).first;
    if (slot->second-- > 0) kept.push_back(*it);
  }
  return {kept.rbegin(), kept.rend()};
}

bool latest_regressed(const std::vector<TrendPoint>& points) {
  for (std::size_t i = 0; i < points.size(); ++i) {
    const bool last_of_series = i + 1 == points.size() || points[i + 1].row.testbench != points[i].row.testbench ||
                                points[i + 1].row.job != points[i].row.job;
    if (last_of_series && points[i].regression) return true;
  }
  return false;
}

void print_trend(const std::vector<TrendPoint>& points, std::FILE* out) {
  std::vector<std::vector<std::string>> table{
      {"run", "date (UTC)", "kit", "testbench", "job", "library", "value", "status", "vs previous run"}};
  for (const auto& p : points) {
    const HistoryRow& r = p.row;
    std::string job = r.job.rfind(r.testbench + "/", 0) == 0 ? r.job.substr(r.testbench.size() + 1) : r.job;
    table.push_back({std::to_string(r.run_id), r.started_utc, r.kit_version, r.testbench, job,
                     r.library.empty() ? "—" : r.library, r.value ? format_value(*r.value, r.unit) : "—",
                     r.status.empty() ? "—" : r.status, p.note});
  }
  // Column widths in characters as displayed (UTF-8 continuation bytes take no column).
  auto width = [](const std::string& text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
  };
  std::vector<std::size_t> widths(table.front().size(), 0);
  for (const auto& row : table)
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], width(row[c]));
  for (const auto& row : table) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size()) line += std::string(widths[c] - width(row[c]) + 2, ' ');
    }
    fmt::print(out, "{}\n", line);
  }
}

bool plot_trend(const std::vector<TrendPoint>& points, const std::string& result, const std::filesystem::path& file) {
  PlotDef plot;
  plot.name = "history";
  plot.title = fmt::format("{} across runs", result);
  plot.x_label = "run";
  plot.integer_x = true;
  std::string unit;
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  std::vector<PlotSeries> series;
  for (const auto& p : points) {
    if (!p.row.value) continue;
    if (unit.empty()) unit = p.row.unit;
    auto [it, fresh] = index.emplace(std::pair{p.row.testbench, p.row.job}, series.size());
    if (fresh) {
      PlotSeries s;
      s.label = p.row.job;
      s.points = true;
      series.push_back(s);
    }
    series[it->second].x.push_back(static_cast<double>(p.row.run_id));
    series[it->second].y.push_back(*p.row.value);
  }
  plot.y_label = unit.empty() ? result : fmt::format("{} [{}]", result, unit);
  return render_plot(plot, series, file);
}

}  // namespace logsgd
