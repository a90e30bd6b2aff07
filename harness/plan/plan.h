// Plan: a testbench x a corner set expands into jobs, each with a stable id and a seed derived
// from (global seed, condition, sample), so any job can be re-run alone.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "corner_set.h"
#include "testbench.h"

namespace logsgd {

struct Job {
  std::string id;  // "<testbench>/<condition>", or "<testbench>/<condition>/<sample>" for Monte Carlo
  Condition condition;
  int sample = -1;  // Monte Carlo sample index; -1 for a nominal run
  unsigned long seed = 0;
  std::map<std::string, double> parameters;  // every parameter's value at this condition
  std::optional<double> sweep_value;         // the testbench's design sweep, when it has one
  std::string base_condition;                // the corner condition id without the sweep suffix
};

// A positive 31-bit seed, stable across platforms and runs.
unsigned long derive_seed(unsigned long global_seed, const std::string& condition_id, int sample);

std::vector<Job> plan_jobs(const Testbench& testbench, const CornerSet& corners, unsigned long global_seed);

}  // namespace logsgd
