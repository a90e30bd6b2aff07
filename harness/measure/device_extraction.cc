#include "device_extraction.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace logsgd {

namespace {

constexpr double kBoltzmann = 1.380649e-23;
constexpr double kElementaryCharge = 1.602176634e-19;

// EKV: normalised gm/I_D at inversion coefficient ic.
double ekv_gm_over_id(double ic) { return 2.0 / (1.0 + std::sqrt(1.0 + 4.0 * ic)); }

// Interpolates log(I_D) and V_GS where `ratio` crosses `level` between points i and j.
void crossing(const std::vector<double>& ratio, const std::vector<double>& log_id, const std::vector<double>& vgs,
              std::size_t i, std::size_t j, double level, double& current, double& voltage) {
  double t = (level - ratio[i]) / (ratio[j] - ratio[i]);
  current = std::exp(log_id[i] + t * (log_id[j] - log_id[i]));
  voltage = vgs[i] + t * (vgs[j] - vgs[i]);
}

}  // namespace

double thermal_voltage(double temperature_c) {
  return kBoltzmann * (temperature_c + 273.15) / kElementaryCharge;
}

WeakInversionFit extract_weak_inversion(const std::vector<double>& vgs, const std::vector<double>& id,
                                        double temperature_c) {
  if (vgs.size() != id.size() || vgs.size() < 5) throw std::runtime_error("sweep has fewer than 5 points");
  const std::size_t count = vgs.size();
  std::vector<double> log_id(count);
  for (std::size_t k = 0; k < count; ++k) {
    if (!(id[k] > 0)) throw std::runtime_error(fmt::format("drain current is not positive at V_GS = {:.3f} V", vgs[k]));
    log_id[k] = std::log(id[k]);
  }
  // gm/I_D = d ln(I_D)/dV_GS by central differences.
  std::vector<double> gm_over_id(count);
  for (std::size_t k = 1; k + 1 < count; ++k)
    gm_over_id[k] = (log_id[k + 1] - log_id[k - 1]) / (vgs[k + 1] - vgs[k - 1]);
  gm_over_id[0] = gm_over_id[1];
  gm_over_id[count - 1] = gm_over_id[count - 2];

  std::size_t peak = 1;
  for (std::size_t k = 1; k + 1 < count; ++k)
    if (gm_over_id[k] > gm_over_id[peak]) peak = k;
  const double ut = thermal_voltage(temperature_c);
  WeakInversionFit fit;
  fit.n = 1.0 / (ut * gm_over_id[peak]);
  fit.peak_current = id[peak];

  std::vector<double> ratio(count);
  for (std::size_t k = 0; k < count; ++k) ratio[k] = gm_over_id[k] / gm_over_id[peak];

  // The current where `ratio` first falls below `level`, walking from the peak up or down.
  auto edge = [&](double level, bool upward, double& current, double& voltage) {
    if (upward) {
      for (std::size_t k = peak; k + 1 < count; ++k)
        if (ratio[k + 1] < level) return crossing(ratio, log_id, vgs, k, k + 1, level, current, voltage), true;
    } else {
      for (std::size_t k = peak; k > 0; --k)
        if (ratio[k - 1] < level) return crossing(ratio, log_id, vgs, k, k - 1, level, current, voltage), true;
    }
    return false;
  };
  double unused_voltage = 0;
  if (!edge(ekv_gm_over_id(1.0), true, fit.i_spec, fit.vgs_at_ispec))
    throw std::runtime_error("sweep ends before moderate inversion (gm/I_D never falls to 0.62 of its peak)");
  fit.wi_high = 0.1 * fit.i_spec;
  // Below the first point the sweep says nothing: its start bounds the range.
  if (!edge(ekv_gm_over_id(0.1), false, fit.wi_low, unused_voltage)) fit.wi_low = id.front();
  if (!edge(1.0 / 1.05, false, fit.flat_low, unused_voltage)) fit.flat_low = id.front();
  edge(1.0 / 1.05, true, fit.flat_high, unused_voltage);
  return fit;
}

}  // namespace logsgd
