// Weak-inversion parameters of a MOSFET from an I_D(V_GS) sweep, by the EKV gm/I_D method:
//   gm/I_D · n·U_T = 2 / (1 + sqrt(1 + 4·IC)),  IC = I_D / I_spec.
// In weak inversion gm/I_D peaks at 1/(n·U_T); it falls to 0.618 of the peak at IC = 1, which
// defines I_spec. Weak inversion is IC < 0.1, down to where leakage bends the curve. Real devices
// are not ideal EKV: n drifts with current, so the range where n holds within 5 % is also given.
#pragma once
#include <vector>

namespace logsgd {

double thermal_voltage(double temperature_c);  // U_T = kT/q in volts

struct WeakInversionFit {
  double n = 0;             // subthreshold slope factor 1 / (U_T · max gm/I_D)
  double i_spec = 0;        // specific current (A): I_D where IC = 1
  double vgs_at_ispec = 0;  // V_GS at IC = 1 (V)
  double wi_low = 0;        // leakage floor: below it gm/I_D falls under 0.916 of its peak, A
  double wi_high = 0;       // IC = 0.1: 0.1 · I_spec, A
  double flat_low = 0;      // range where the local slope factor stays within 5 % of n, A
  double flat_high = 0;
  double peak_current = 0;  // I_D where gm/I_D peaks (where n was read), A
};

// `vgs` ascending (for a pfet pass V_SG), `id` the drain current magnitude at each point.
// Throws std::runtime_error when the sweep does not reach weak and moderate inversion.
WeakInversionFit extract_weak_inversion(const std::vector<double>& vgs, const std::vector<double>& id,
                                        double temperature_c);

}  // namespace logsgd
