#include "autostop.h"

#include <fmt/format.h>

namespace logsgd {

std::string to_string(AutoStopVerdict verdict) {
  switch (verdict) {
    case AutoStopVerdict::above: return "above";
    case AutoStopVerdict::below: return "below";
    default: return "undecided";
  }
}

Interval one_sided_bounds(int passed, int samples, double confidence) {
  return clopper_pearson(passed, samples, 2 * confidence - 1);
}

AutoStopVerdict autostop_verdict(int passed, int samples, const AutoStop& rule) {
  if (samples <= 0) return AutoStopVerdict::undecided;
  const Interval bounds = one_sided_bounds(passed, samples, rule.confidence);
  if (bounds.low >= rule.yield) return AutoStopVerdict::above;
  if (bounds.high < rule.yield) return AutoStopVerdict::below;
  return AutoStopVerdict::undecided;
}

AutoStopDecision autostop_decision(const std::vector<bool>& passes, const AutoStop& rule) {
  AutoStopDecision decision;
  for (bool pass : passes) {
    ++decision.samples;
    decision.passed += pass;
    decision.verdict = autostop_verdict(decision.passed, decision.samples, rule);
    if (decision.verdict != AutoStopVerdict::undecided) break;
  }
  const Interval bounds = one_sided_bounds(decision.passed, decision.samples, rule.confidence);
  decision.low = bounds.low;
  decision.high = bounds.high;
  return decision;
}

bool judges_samples(const Testbench& testbench, const Spec& spec) {
  return spec.scope != Spec::Scope::nominal && spec.has_failing_limit() && !testbench.is_aggregate_result(spec.result);
}

bool judges_samples(const Testbench& testbench) {
  for (const auto& spec : testbench.specs)
    if (judges_samples(testbench, spec)) return true;
  return false;
}

bool sample_passes(const Testbench& testbench, const std::vector<const JobOutcome*>& jobs) {
  for (const JobOutcome* job : jobs) {
    if (!job->ok()) return false;  // a failed simulation or measurement is a failed sample
    for (const auto& spec : testbench.specs) {
      if (!judges_samples(testbench, spec) || !spec.judges_sweep_value(job->job.sweep_value)) continue;
      auto found = job->measured.find(spec.result);
      const Status status = evaluate(spec, found == job->measured.end() ? std::nullopt : std::optional(found->second)).status;
      if (status != Status::pass && status != Status::near) return false;
    }
  }
  return true;
}

std::string AutoStopResult::text() const {
  const auto percent = [](double fraction) { return fmt::format("{:g} %", 100 * fraction); };
  const int n = decision.samples;
  const std::string samples = fmt::format("{} sample{}", n, n == 1 ? "" : "s");
  if (decision.verdict == AutoStopVerdict::undecided)
    return fmt::format("not decided after {} (the most the corner file draws): {} passed, one-sided {} bounds "
                       "[{:.2f} %, {:.2f} %] around the {} target",
                       samples, decision.passed, percent(rule.confidence), 100 * decision.low,
                       100 * decision.high, percent(rule.yield));
  return fmt::format("yield {} {} shown at {} confidence after {} ({} passed; {} of {} not drawn)",
                     decision.verdict == AutoStopVerdict::above ? "≥" : "below", percent(rule.yield),
                     percent(rule.confidence), samples, decision.passed, saved(), max_samples);
}

}  // namespace logsgd
