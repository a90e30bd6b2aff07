// The weak-inversion extraction recovers n and I_spec from an ideal EKV transfer curve.
#include "device_extraction.h"

#include <doctest/doctest.h>

#include <cmath>

using namespace logsgd;

// EKV forward current in saturation: I = I_spec · ln²(1 + exp((V_GS − V_T0)/(2 n U_T))).
static std::vector<double> ekv_curve(const std::vector<double>& vgs, double n, double i_spec, double vt0, double ut) {
  std::vector<double> id;
  for (double v : vgs) {
    double l = std::log1p(std::exp((v - vt0) / (2 * n * ut)));
    id.push_back(i_spec * l * l + 1e-13);  // plus a leakage floor
  }
  return id;
}

TEST_CASE("n and I_spec of an ideal EKV device") {
  const double ut = thermal_voltage(27);
  CHECK(ut == doctest::Approx(0.025852).epsilon(1e-4));
  std::vector<double> vgs;
  for (double v = 0; v <= 1.5; v += 0.002) vgs.push_back(v);
  auto id = ekv_curve(vgs, 1.35, 500e-9, 0.45, ut);
  WeakInversionFit fit = extract_weak_inversion(vgs, id, 27);
  CHECK(fit.n == doctest::Approx(1.35).epsilon(0.01));
  CHECK(fit.i_spec == doctest::Approx(500e-9).epsilon(0.03));
  CHECK(fit.vgs_at_ispec == doctest::Approx(0.45 + 1.35 * ut * 2 * std::log(std::exp(1.0) - 1)).epsilon(0.02));
  CHECK(fit.wi_high == doctest::Approx(50e-9).epsilon(0.03));
  CHECK(fit.wi_low > 1e-13);   // the leakage floor bounds it from below
  CHECK(fit.wi_low < 1e-11);
}

TEST_CASE("a sweep that never leaves weak inversion is refused") {
  std::vector<double> vgs{0.0, 0.05, 0.1, 0.15, 0.2, 0.25};
  auto id = ekv_curve(vgs, 1.35, 500e-9, 0.8, thermal_voltage(27));
  CHECK_THROWS_WITH(extract_weak_inversion(vgs, id, 27), doctest::Contains("moderate inversion"));
}

TEST_CASE("non-positive currents are refused") {
  std::vector<double> vgs{0, 0.1, 0.2, 0.3, 0.4, 0.5};
  std::vector<double> id{1e-12, 0, 1e-10, 1e-9, 1e-8, 1e-7};
  CHECK_THROWS_WITH(extract_weak_inversion(vgs, id, 27), doctest::Contains("not positive"));
}
