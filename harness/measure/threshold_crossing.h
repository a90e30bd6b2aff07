// Where a signal crosses a level along a swept variable, as a comparator's designer reads a
// transfer curve (its trip point and the width of its gray zone) or a transient (the time its
// decision takes).
#pragma once
#include <vector>

namespace logsgd {

struct ThresholdCrossing {
  double at = 0;         // x of the first crossing of level (linear interpolation between points)
  double width = 0;      // |x where y first crosses high - x where it first crosses low|
  int crossings = 0;     // how many times y crosses level (1 for a clean decision)
  double delay = 0;      // at - from: e.g. a decision's time after the step at `from`
};

// x: the swept variable, in sweep order (a DC sweep's input or time); y: the signal, same length.
// low < level < high. Only the points at x >= from count (from: e.g. the time of a step).
// Throws std::runtime_error when y does not cross level, low or high there.
ThresholdCrossing threshold_crossing(const std::vector<double>& x, const std::vector<double>& y, double level,
                                     double low, double high, double from);

}  // namespace logsgd
