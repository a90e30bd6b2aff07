// The linearised mismatch analysis as the worker runs it (the `mismatch_sensitivity:` block,
// mismatch_sensitivity.h): the outputs at the nominal DC point, then each MOSFET's threshold
// moved by its sigma, one device at a time, and the outputs' changes recorded.
#pragma once
#include <string>

#include "dc_circuit.h"
#include "sim_job.h"

namespace logsgd {

// Fills result.sensitivity_base and one result.mismatch_contributions entry per device with a
// threshold-mismatch coefficient (NaN changes when the circuit has no DC solution with it
// shifted). Every threshold is restored.
void threshold_sweep(DcCircuit& circuit, const MismatchSensitivityRequest& request, SimResult& result,
                     std::string& error);

}  // namespace logsgd
