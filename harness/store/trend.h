// A result across runs, and what changed: each history row is compared with the previous run of
// the same series (testbench, job). A regression is
//   - a spec that passed (pass or near) in the previous run and now fails or has no value
//     (fail, error), or
//   - a value that moved beyond the tolerance: |v - v_prev| > max(relative * |v_prev|, absolute).
// Defaults: relative 5 % (the "near" margin of the specs), absolute 0. The simulations are
// deterministic (same inputs and seed give the same numbers bit for bit), so any move comes from
// a change of kit, model, cell or testbench; the tolerance keeps the deliberate, small ones
// (a trimmed bias, a finer time step) from raising an alarm.
#pragma once
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "history.h"
#include "plot.h"

namespace logsgd {

struct TrendTolerance {
  double relative = 0.05;
  double absolute = 0;
};

struct TrendPoint {
  HistoryRow row;
  std::optional<double> change;  // v - v_prev (none for a series' first run or a missing value)
  bool regression = false;
  std::string note;  // "first run", "pass -> fail", "moved +12.3 % (tolerance 5 %)", ...
};

// Rows as History::rows returns them (grouped by series, oldest first).
std::vector<TrendPoint> trend(const std::vector<HistoryRow>& rows, const TrendTolerance& tolerance);

// The last n points of each series (n > 0), each still compared with the run before it.
std::vector<TrendPoint> keep_last(const std::vector<TrendPoint>& points, int n);

// True when the newest point of some series is a regression (what a nightly alarms on).
bool latest_regressed(const std::vector<TrendPoint>& points);

// The table a designer reads: run, date, kit version, testbench, job, library, value, status, change.
void print_trend(const std::vector<TrendPoint>& points, std::FILE* out);

// One curve per series against the run id, points marked; false when gnuplot fails.
bool plot_trend(const std::vector<TrendPoint>& points, const std::string& result, const std::filesystem::path& file);

}  // namespace logsgd
