#include "check.h"

#include <fmt/format.h>

namespace logsgd {

std::vector<SpecCheck> check_specs(const Testbench& testbench, const std::vector<JobOutcome>& outcomes) {
  std::vector<SpecCheck> checks;
  for (const auto& spec : testbench.specs) {
    if (testbench.is_aggregate_result(spec.result)) continue;
    for (std::size_t index = 0; index < outcomes.size(); ++index) {
      const JobOutcome& outcome = outcomes[index];
      const bool monte_carlo = outcome.job.sample >= 0;
      if ((spec.scope == Spec::Scope::nominal && monte_carlo) || (spec.scope == Spec::Scope::monte_carlo && !monte_carlo))
        continue;
      SpecCheck check;
      check.spec = spec;
      check.outcome = index;
      if (auto found = outcome.measured.find(spec.result); found != outcome.measured.end()) check.value = found->second;
      check.verdict = evaluate(spec, check.value);
      if (check.verdict.status == Status::error && !outcome.ok()) check.verdict.reason = outcome.failure();
      if (!spec.judges_sweep_value(outcome.job.sweep_value) &&
          (check.verdict.status == Status::pass || check.verdict.status == Status::fail ||
           check.verdict.status == Status::near))
        check.verdict = {Status::info, "not judged, outside the sweep_range" +
                                           (check.verdict.reason.empty() ? "" : ": " + check.verdict.reason)};
      checks.push_back(check);
    }
  }
  std::vector<bool> judged(outcomes.size(), false);
  for (const auto& check : checks) judged[check.outcome] = true;
  for (std::size_t index = 0; index < outcomes.size(); ++index) {
    if (outcomes[index].ok() || judged[index]) continue;
    SpecCheck check;
    check.spec.result = "simulation";
    check.spec.description = "the job's simulation and measurements";
    check.outcome = index;
    check.verdict = {Status::error, outcomes[index].failure()};
    check.job_failure = true;
    checks.push_back(check);
  }
  return checks;
}

void check_aggregates(const Testbench& testbench, RunResult& run) {
  if (testbench.aggregates.empty()) return;
  std::map<std::string, Samples> by_condition;  // Monte Carlo samples, in plan order
  std::vector<std::string> conditions;
  for (const auto& o : run.outcomes) {
    if (o.job.sample < 0) continue;
    if (!by_condition.count(o.job.condition.id)) conditions.push_back(o.job.condition.id);
    by_condition[o.job.condition.id].push_back(&o.measured);
  }
  for (const auto& condition : conditions) {
    auto& values = run.aggregates[condition];
    std::map<std::string, std::string> errors;
    for (const auto& def : testbench.aggregates) {
      try {
        auto computed = aggregate(def, by_condition[condition]);
        values.insert(computed.begin(), computed.end());
      } catch (const std::exception& e) {
        errors[def.name] = e.what();
      }
    }
    for (const auto& spec : testbench.specs) {
      if (!testbench.is_aggregate_result(spec.result)) continue;
      AggregateCheck check{spec, condition, std::nullopt, {}};
      if (auto found = values.find(spec.result); found != values.end()) check.value = found->second;
      check.verdict = evaluate(spec, check.value);
      std::string name = spec.result.substr(0, spec.result.find('.'));
      if (!check.value && errors.count(name)) check.verdict.reason = errors[name];
      run.aggregate_checks.push_back(check);
    }
  }
}

}  // namespace logsgd
