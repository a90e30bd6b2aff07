// The linearised mismatch sweep against an in-memory circuit with known threshold slopes.
#include "threshold_sweep.h"

#include <doctest/doctest.h>

#include <cmath>

#include "in_memory_circuit.h"
#include "mismatch_device.h"

using namespace logsgd;

namespace {

const std::string kN1 = "m.x1.msky130_fd_pr__nfet_01v8";
const std::string kP1 = "m.x1.msky130_fd_pr__pfet_01v8";
const std::string kN2 = "m.x2.msky130_fd_pr__nfet_01v8";   // no DC solution with it shifted
const std::string kRes = "m.x1.msky130_fd_pr__res_xhigh";  // no mismatch coefficient: not moved

// v(out) = 0.9 + 2 dVth(n1) - 0.5 dVth(p1); i(vdd) = 1 uA (1 + dVth(n1)).
class LinearAmplifier : public InMemoryCircuit {
 public:
  LinearAmplifier() {
    devices = {{kN1, "nmodel", 1, 0.5}, {kP1, "pmodel", 2, 2}, {kRes, "rmodel", 1, 1}, {kN2, "nmodel", 4, 1}};
    devices[0].m = 2;
  }
  std::string solve() override {
    InMemoryCircuit::solve();
    return shifts[kN2] != 0 ? "singular matrix" : "";
  }
  std::vector<double> values(const std::vector<std::string>& names, std::string& error) override {
    std::vector<double> out;
    for (const auto& name : names) {
      if (name == "v(out)") out.push_back(0.9 + 2 * shifts[kN1] - 0.5 * shifts[kP1]);
      else if (name == "i(vdd)") out.push_back(1e-6 * (1 + shifts[kN1]));
      else error = fmt::format("'{}' is not a DC operating-point value", name);
    }
    return out;
  }
};

MismatchSensitivityRequest request() {
  MismatchSensitivityRequest r;
  r.outputs = {"v(out)", "i(vdd)"};
  r.vth_sigma_um = {{"nfet_01v8", 5e-3}, {"pfet_01v8", 4e-3}};
  return r;
}

}  // namespace

TEST_CASE("threshold sweep: each device moved by A_VT/sqrt(W L m) changes the outputs by slope x sigma") {
  LinearAmplifier circuit;
  SimResult result;
  std::string error;
  threshold_sweep(circuit, request(), result, error);
  REQUIRE(error.empty());
  CHECK(result.sensitivity_base == std::vector<double>{0.9, 1e-6});
  REQUIRE(result.mismatch_contributions.size() == 3);
  const auto& n1 = result.mismatch_contributions[0];
  CHECK(n1.device == kN1);
  CHECK(n1.sigma_vth == doctest::Approx(5e-3 / std::sqrt(1 * 0.5 * 2)).scale(0));
  CHECK(n1.deltas[0] == doctest::Approx(2 * n1.sigma_vth));
  CHECK(n1.deltas[1] == doctest::Approx(1e-6 * n1.sigma_vth).scale(0).epsilon(1e-9));  // relative: a current
  const auto& p1 = result.mismatch_contributions[1];
  CHECK(p1.sigma_vth == doctest::Approx(4e-3 / 2).scale(0));
  CHECK(p1.deltas[0] == doctest::Approx(-0.5 * p1.sigma_vth));
  CHECK(p1.deltas[1] == doctest::Approx(0).scale(1e-12));
  // No DC solution with n2 shifted: NaN changes, not a failed job.
  const auto& n2 = result.mismatch_contributions[2];
  CHECK(n2.device == kN2);
  CHECK(std::isnan(n2.deltas[0]));
  for (const auto& [device, shift] : circuit.shifts) CHECK(shift == 0);
}

TEST_CASE("threshold sweep: an output the circuit does not have is an error") {
  LinearAmplifier circuit;
  MismatchSensitivityRequest r = request();
  r.outputs = {"v(missing)"};
  SimResult result;
  std::string error;
  threshold_sweep(circuit, r, result, error);
  CHECK(error == "mismatch sensitivity: 'v(missing)' is not a DC operating-point value");
}

TEST_CASE("mismatch devices: only types with a coefficient and a size, inside the given instance paths") {
  std::vector<DeviceOperatingPoint> mosfets = {{"m.xt.xsb.msky130_fd_pr__nfet_01v8", "n", 1, 1},
                                               {"m.xt.msky130_fd_pr__pfet_01v8", "p", 1, 4},
                                               {"m.xo.msky130_fd_pr__nfet_01v8", "n", 1, 1},
                                               {"m.xt.msky130_fd_pr__nfet_01v8_lvt", "n", 1, 1},
                                               {"m.xt.msky130_fd_pr__nfet_01v8", "n", 0, 1}};
  const std::map<std::string, double> coefficients{{"nfet_01v8", 5e-3}, {"pfet_01v8", 4e-3}};
  auto all = mismatch_devices(mosfets, coefficients);
  REQUIRE(all.size() == 3);
  CHECK(all[1].sigma_vth == doctest::Approx(2e-3).scale(0));
  auto inside = mismatch_devices(mosfets, coefficients, {"xt.xsb", "xo"});
  REQUIRE(inside.size() == 2);
  CHECK(inside[0].name == "m.xt.xsb.msky130_fd_pr__nfet_01v8");
  CHECK(inside[1].name == "m.xo.msky130_fd_pr__nfet_01v8");
}
