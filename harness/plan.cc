#include "plan.h"

#include <fmt/format.h>

#include <cstdint>

namespace logsgd {

unsigned long derive_seed(unsigned long global_seed, const std::string& condition_id, int sample) {
  // FNV-1a over the three parts, then folded into ngspice's accepted range.
  std::string key = fmt::format("{}|{}|{}", global_seed, condition_id, sample);
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : key) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return static_cast<unsigned long>(hash % 2147483646ull) + 1;
}

std::vector<Job> plan_jobs(const Testbench& testbench, const CornerSet& corners, unsigned long global_seed) {
  std::vector<Job> jobs;
  for (const auto& condition : corners.conditions()) {
    Job job;
    job.id = fmt::format("{}/{}", testbench.name, condition.id);
    job.condition = condition;
    job.seed = derive_seed(global_seed, condition.id, job.sample);
    job.parameters = testbench.parameters;
    job.parameters[testbench.supply_parameter] = condition.vdd;
    jobs.push_back(job);
  }
  return jobs;
}

}  // namespace logsgd
