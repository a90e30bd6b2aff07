#include "threshold_crossing.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

namespace logsgd {

namespace {

// x where y first passes `level` (either direction) from point `first` on, interpolated within the
// step that passes it.
std::optional<double> first_crossing(const std::vector<double>& x, const std::vector<double>& y, double level,
                                     std::size_t first) {
  for (std::size_t k = first + 1; k < y.size(); ++k) {
    const double a = y[k - 1] - level, b = y[k] - level;
    if (a == 0) return x[k - 1];
    if ((a < 0) != (b < 0) || b == 0) return x[k - 1] + (x[k] - x[k - 1]) * a / (a - b);
  }
  return std::nullopt;
}

}  // namespace

ThresholdCrossing threshold_crossing(const std::vector<double>& x, const std::vector<double>& y, double level,
                                     double low, double high, double from) {
  if (x.size() != y.size() || x.size() < 2)
    throw std::runtime_error(fmt::format("needs two vectors of equal length >= 2 (got {} and {})", x.size(), y.size()));
  if (!(low < level && level < high))
    throw std::runtime_error(fmt::format("needs low < level < high (got {}, {}, {})", low, level, high));
  std::size_t first = 0;
  while (first < x.size() && x[first] < from) ++first;
  if (first + 1 >= x.size()) throw std::runtime_error(fmt::format("fewer than two points at x >= {:.6g}", from));
  ThresholdCrossing result;
  const auto at = first_crossing(x, y, level, first), at_low = first_crossing(x, y, low, first),
             at_high = first_crossing(x, y, high, first);
  if (!at || !at_low || !at_high)
    throw std::runtime_error(fmt::format("the signal does not cross {} at x >= {:.6g} (it stays within [{:.4g}, {:.4g}])",
                                         !at ? level : !at_low ? low : high, x[first],
                                         *std::min_element(y.begin() + first, y.end()),
                                         *std::max_element(y.begin() + first, y.end())));
  result.at = *at;
  result.width = std::fabs(*at_high - *at_low);
  result.delay = *at - std::max(from, x.front());
  for (std::size_t k = first + 1; k < y.size(); ++k)
    if ((y[k - 1] < level) != (y[k] < level)) ++result.crossings;
  return result;
}

}  // namespace logsgd
