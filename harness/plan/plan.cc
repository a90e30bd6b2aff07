#include "plan.h"

#include <fmt/format.h>

#include <cstdint>

namespace logsgd {

unsigned long derive_seed(unsigned long global_seed, const std::string& condition_id, int sample) {
  // FNV-1a over the three parts, then the splitmix64 finaliser so that neighbouring samples get
  // unrelated seeds, folded into ngspice's accepted range.
  std::string key = fmt::format("{}|{}|{}", global_seed, condition_id, sample);
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : key) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  hash = (hash ^ (hash >> 30)) * 0xbf58476d1ce4e5b9ull;
  hash = (hash ^ (hash >> 27)) * 0x94d049bb133111ebull;
  hash ^= hash >> 31;
  return static_cast<unsigned long>(hash % 2147483646ull) + 1;
}

static Job make_job(const Testbench& testbench, Condition condition, int sample, unsigned long global_seed,
                    std::optional<double> sweep_value) {
  Job job;
  job.base_condition = condition.id;
  if (sweep_value) condition.id += fmt::format("_{}={:g}", testbench.sweep->parameter, *sweep_value);
  job.id = sample < 0 ? fmt::format("{}/{}", testbench.name, condition.id)
                      : fmt::format("{}/{}/{}", testbench.name, condition.id, sample);
  job.condition = condition;
  job.sample = sample;
  // The base condition: a design sweep measures the same chip (the same mismatch draw) at each value.
  job.seed = derive_seed(global_seed, job.base_condition, sample);
  job.parameters = testbench.parameters;
  job.parameters[testbench.supply_parameter] = condition.vdd;
  job.sweep_value = sweep_value;
  if (sweep_value) {
    const auto& sweep = *testbench.sweep;
    const double ratio = *sweep_value / testbench.parameters.at(sweep.parameter);
    job.parameters[sweep.parameter] = *sweep_value;
    for (const auto& name : sweep.proportional) job.parameters[name] = testbench.parameters.at(name) * ratio;
    for (const auto& name : sweep.inverse) job.parameters[name] = testbench.parameters.at(name) / ratio;
  }
  return job;
}

std::vector<Job> plan_jobs(const Testbench& testbench, const CornerSet& corners, unsigned long global_seed) {
  std::vector<std::optional<double>> sweep{std::nullopt};
  if (testbench.sweep) sweep.assign(testbench.sweep->values.begin(), testbench.sweep->values.end());
  std::vector<Job> jobs;
  for (const auto& condition : corners.conditions())
    for (const auto& value : sweep) jobs.push_back(make_job(testbench, condition, -1, global_seed, value));
  if (corners.monte_carlo)
    for (const auto& condition : corners.monte_carlo->conditions())
      for (const auto& value : sweep)
        for (int sample = 0; sample < corners.monte_carlo->samples; ++sample)
          jobs.push_back(make_job(testbench, condition, sample, global_seed, value));
  return jobs;
}

}  // namespace logsgd
