#include "check.h"

namespace logsgd {

std::vector<SpecCheck> check_specs(const Testbench& testbench, const std::vector<JobOutcome>& outcomes) {
  std::vector<SpecCheck> checks;
  for (const auto& spec : testbench.specs) {
    for (std::size_t index = 0; index < outcomes.size(); ++index) {
      const JobOutcome& outcome = outcomes[index];
      SpecCheck check;
      check.spec = spec;
      check.outcome = index;
      if (auto found = outcome.measured.find(spec.result); found != outcome.measured.end()) check.value = found->second;
      check.verdict = evaluate(spec, check.value);
      if (check.verdict.status == Status::error && !outcome.ok()) check.verdict.reason = outcome.failure();
      checks.push_back(check);
    }
  }
  return checks;
}

}  // namespace logsgd
