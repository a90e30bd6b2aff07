// Check: every spec against every job's measured value.
#pragma once
#include <vector>

#include "run_result.h"
#include "testbench.h"

namespace logsgd {

// Per-job specs (not those on aggregates), spec-major then plan order; then one error check per
// failed job that no spec judged (SpecCheck::job_failure).
std::vector<SpecCheck> check_specs(const Testbench& testbench, const std::vector<JobOutcome>& outcomes);

// Computes the testbench's aggregates over each Monte Carlo condition's samples, then checks
// the specs on them.
void check_aggregates(const Testbench& testbench, RunResult& run);

}  // namespace logsgd
