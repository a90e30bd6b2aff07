// Auto-stop for Monte Carlo (a corner file's `monte_carlo: {..., autostop: {yield, confidence}}`):
// a condition's samples are drawn in index order until the yield, the fraction of samples that
// pass every judged spec, is shown above or below the target at the confidence, or the corner
// file's samples are used up. The decision is made over the samples in index order, so it falls
// after the same n samples with any number of workers, and the report covers exactly samples
// 0 .. n-1: the same samples, with the same seeds, as the first n of a full run.
#pragma once
#include <string>
#include <vector>

#include "corner_set.h"
#include "run_result.h"
#include "statistics.h"
#include "testbench.h"

namespace logsgd {

// One-sided Clopper-Pearson bounds at `confidence`: yield >= low holds at that confidence, and
// yield <= high does; together they are the two-sided interval at 2 confidence - 1.
Interval one_sided_bounds(int passed, int samples, double confidence);

// After `samples` samples of which `passed` passed: above when the lower bound reaches the target
// (yield >= target shown), below when the upper bound is under it (yield < target shown).
AutoStopVerdict autostop_verdict(int passed, int samples, const AutoStop& rule);

// The stop rule over samples in index order (passes[i]: sample i passed): the shortest prefix
// whose verdict is above or below; undecided over the whole list when none is.
AutoStopDecision autostop_decision(const std::vector<bool>& passes, const AutoStop& rule);

// Whether a spec judges Monte Carlo samples one by one: a failing limit, applying to samples,
// on a per-job result (not an aggregate across samples). Without one, a yield means nothing.
bool judges_samples(const Testbench& testbench, const Spec& spec);
bool judges_samples(const Testbench& testbench);

// Whether one sample passed: each of its jobs (one per design-sweep value) simulated and measured,
// and every spec that judges samples passed (pass or near) on each job whose sweep value it judges.
bool sample_passes(const Testbench& testbench, const std::vector<const JobOutcome*>& jobs);

}  // namespace logsgd
