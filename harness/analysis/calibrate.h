// The power-up calibration as the worker runs it (the `calibration:` block, calibration.h): the
// servos' DC currents are read at the deck's state or at each calibration point, the trims that
// null them are found (each trim its own servo's current, or least squares over the points from
// the currents' response to each trim, refined from the currents at the trims found) and every
// trim source is set to its DAC level; each trim's residual is its servo's current at the levels.
#pragma once
#include <string>
#include <vector>

#include "dc_circuit.h"
#include "sim_job.h"

namespace logsgd {

// Appends one TrimResult per trim (in the request's order) and leaves the trims set on `circuit`;
// every other source it sets is restored. Sets `error` ("calibration...: why") when a name is
// invalid, a state has no DC solution, or a servo stays beyond servo_limit. Returns the comparator
// decisions a successive-approximation calibration took (0 for least squares).
int calibrate(DcCircuit& circuit, const CalibrationRequest& calibration, std::vector<TrimResult>& trims,
               std::string& error);

}  // namespace logsgd
