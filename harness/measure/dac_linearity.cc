#include "dac_linearity.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace logsgd {

DacLinearity dac_linearity(const std::vector<double>& codes, const std::vector<double>& positive,
                           const std::vector<double>& negative, double levels, double full_scale) {
  const std::size_t n = codes.size();
  if (n < 3 || positive.size() != n || negative.size() != n)
    throw std::runtime_error("dac_linearity needs at least 3 codes and one current of each output per code");
  if (!(levels > 1) || !(full_scale > 0)) throw std::runtime_error("levels must exceed 1 and full_scale be positive");
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return codes[a] < codes[b]; });
  std::vector<double> code(n), fraction(n), total(n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = order[k];
    code[k] = codes[i];
    total[k] = std::fabs(positive[i]) + std::fabs(negative[i]);
    if (!(total[k] > 0)) throw std::runtime_error(fmt::format("the DAC carries no current at code {:g}", code[k]));
  }
  for (std::size_t k = 1; k < n; ++k)
    if (std::fabs(code[k] - code[k - 1] - 1) > 1e-6)
      throw std::runtime_error(fmt::format("codes {:g} and {:g} are not consecutive integers", code[k - 1], code[k]));
  const double mean_total = std::accumulate(total.begin(), total.end(), 0.0) / static_cast<double>(n);
  for (std::size_t k = 0; k < n; ++k) fraction[k] = std::fabs(positive[order[k]]) / mean_total;

  // Least-squares line fraction = a + b*code.
  const double cn = static_cast<double>(n);
  const double mc = std::accumulate(code.begin(), code.end(), 0.0) / cn;
  const double mf = std::accumulate(fraction.begin(), fraction.end(), 0.0) / cn;
  double scc = 0, scf = 0;
  for (std::size_t k = 0; k < n; ++k) scc += (code[k] - mc) * (code[k] - mc), scf += (code[k] - mc) * (fraction[k] - mf);
  const double b = scf / scc, a = mf - b * mc;
  if (!(b > 0)) throw std::runtime_error("the positive output does not rise with the code");

  DacLinearity r;
  for (std::size_t k = 0; k < n; ++k) r.inl_max = std::max(r.inl_max, std::fabs((fraction[k] - a - b * code[k]) / b));
  r.dnl_min = INFINITY;
  for (std::size_t k = 1; k < n; ++k) {
    const double dnl = (fraction[k] - fraction[k - 1]) / b - 1;
    r.dnl_max = std::max(r.dnl_max, std::fabs(dnl));
    r.dnl_min = std::min(r.dnl_min, dnl);
  }
  r.gain_error = b * levels - 1;
  r.offset = a / b;
  r.full_scale_error = mean_total / full_scale - 1;
  auto [lo, hi] = std::minmax_element(total.begin(), total.end());
  r.total_spread = (*hi - *lo) / mean_total;
  return r;
}

}  // namespace logsgd
