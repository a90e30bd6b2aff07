// Check: every spec against every job's measured value.
#pragma once
#include <vector>

#include "run_result.h"
#include "testbench.h"

namespace logsgd {

std::vector<SpecCheck> check_specs(const Testbench& testbench, const std::vector<JobOutcome>& outcomes);

}  // namespace logsgd
