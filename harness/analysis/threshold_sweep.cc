#include "threshold_sweep.h"

#include <cmath>

#include "mismatch_device.h"

namespace logsgd {

void threshold_sweep(DcCircuit& circuit, const MismatchSensitivityRequest& request, SimResult& result,
                     std::string& error) {
  auto outputs = [&]() {
    std::vector<double> values = circuit.values(request.outputs, error);
    if (!error.empty()) error = "mismatch sensitivity: " + error;
    return values;
  };
  if (std::string failed = circuit.solve(); !failed.empty()) {
    error = "mismatch sensitivity, nominal operating point: " + failed;
    return;
  }
  result.sensitivity_base = outputs();
  if (!error.empty()) return;
  for (const auto& device : mismatch_devices(circuit.mosfets(), request.vth_sigma_um)) {
    MismatchContribution c{device.name, device.w, device.l, device.sigma_vth, {}};
    circuit.shift_threshold(device.name, c.sigma_vth);
    const bool solved = circuit.solve().empty();
    std::vector<double> shifted = solved ? outputs() : std::vector<double>{};
    circuit.shift_threshold(device.name, 0);
    if (!error.empty()) return;
    // No DC solution with this one device shifted: recorded as NaN changes (the report lists it
    // first), a sign of extreme sensitivity rather than a failed job.
    for (std::size_t k = 0; k < request.outputs.size(); ++k)
      c.deltas.push_back(solved ? shifted[k] - result.sensitivity_base[k] : NAN);
    result.mismatch_contributions.push_back(std::move(c));
  }
}

}  // namespace logsgd
