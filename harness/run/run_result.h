// What a run produced: one outcome per job, one check per spec x condition.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "device_factors.h"
#include "dut_inventory.h"
#include "mismatch_sensitivity.h"
#include "plan.h"
#include "provenance.h"
#include "sim_job.h"
#include "spec.h"

namespace logsgd {

struct JobOutcome {
  Job job;
  SimResult sim;                           // vectors kept only for the testbench's `keep` list
  std::map<std::string, double> measured;  // "<measurement>.<output>" -> value
  std::string measure_error;               // a measurement that could not be taken
  std::string library;                     // the model library it was simulated with
  bool ok() const { return sim.ok && measure_error.empty(); }
  std::string failure() const { return sim.ok ? measure_error : sim.error; }
};

struct SpecCheck {
  Spec spec;
  std::size_t outcome = 0;  // index into RunResult::outcomes
  std::optional<double> value;
  Verdict verdict;
  // A failed job that no spec judges stands as one check of its own (result "simulation", status
  // error): the report, results.json and junit.xml then count the same errors, and a run with a
  // failed simulation cannot pass merely because its testbench has no spec on that job.
  bool job_failure = false;
};

// A spec on an aggregate, checked once per Monte Carlo condition.
struct AggregateCheck {
  Spec spec;
  std::string condition_id;
  std::optional<double> value;
  Verdict verdict;
};

// A plot written into the run folder; beside_previous puts it next to the one before it in the
// report (the trainer's weight error beside its weight overlay).
struct PlotFile {
  std::string title;
  std::string path;  // relative to the run folder
  bool beside_previous = false;
};

// Auto-stop (harness/autostop.h): per Monte Carlo condition, where the samples stopped and why.
enum class AutoStopVerdict { undecided, above, below };
std::string to_string(AutoStopVerdict verdict);  // "undecided", "above", "below"

struct AutoStopDecision {
  AutoStopVerdict verdict = AutoStopVerdict::undecided;
  int samples = 0;  // decided: the first n that decides; undecided: every sample looked at
  int passed = 0;   // of those samples
  double low = 0, high = 1;  // one-sided bounds on the yield after `samples`
};

// What a run reports per Monte Carlo condition.
struct AutoStopResult {
  std::string condition_id;  // the Monte Carlo condition, without a design sweep's suffix
  AutoStop rule;
  AutoStopDecision decision;
  int max_samples = 0;  // the corner file's samples
  int beyond = 0;       // samples with results past the decision (a parallel batch's), not reported
  int saved() const { return max_samples - decision.samples; }
  // "yield ≥ 99 % shown at 95 % confidence after 29 samples (171 of 200 not drawn)"
  std::string text() const;
};

struct RunResult {
  std::string testbench;
  std::string testbench_description;
  std::string calibration;  // how the power-up trims were found and what of it is ideal (empty: no calibration)
  std::string corner_set;
  std::string library;
  std::string pdk;
  unsigned long seed = 0;
  int workers = 1;
  double wall_s = 0;
  std::vector<JobOutcome> outcomes;  // in plan order, whatever order the workers finished in
  std::vector<SpecCheck> checks;     // spec-major, then plan order
  std::map<std::string, std::map<std::string, double>> aggregates;  // condition id -> values
  std::vector<AggregateCheck> aggregate_checks;
  std::vector<PlotFile> plots;
  std::vector<std::pair<std::string, std::string>> histograms;  // Monte Carlo, likewise
  std::string rerun_command;  // the command that reproduces this run (add --only <job> for one job)
  int resumed = 0;            // jobs whose results came from the result store
  int not_run = 0;            // jobs of the plan with no result: not selected by --only, none stored
  // A shard (--shard k/N) holds jobs k, k+N, k+2N, ... of the plan: its report is partial, and
  // only the merged run's (logsgd merge, then run into the merged folder) is the run's.
  int shard_index = 0, shard_count = 1;  // k - 1 and N
  std::size_t plan_jobs = 0;             // jobs in the whole plan
  Provenance provenance;      // when, with what and where the run was made
  std::map<std::string, DeviceFactors> device_factors;  // for inversion coefficients in the report
  std::optional<MismatchSensitivityDef> mismatch_sensitivity;  // outputs, scale and length of its table
  std::optional<DutInventory> dut_inventory;  // what inside the DUT is still ideal (testbench `dut:`)
  std::vector<AutoStopResult> autostop;       // per Monte Carlo condition, when the corner file asks

  const JobOutcome& outcome_of(const SpecCheck& check) const { return outcomes.at(check.outcome); }
  bool partial() const { return shard_count > 1; }
  // "Partial report: shard 2 of 4 (...)": what a shard's report, results.json and console say.
  std::string shard_note() const;
  int count(Status status) const;  // checks (spec x job, and aggregate checks) with this status
  int passed() const;              // pass or near; info is not a pass
  int failed() const;
  // Checks without a value (spec, aggregate and failed-job checks): what junit.xml counts as
  // errors. A failed job counts through its checks, not once more on its own.
  int errors() const;
  int failed_jobs() const;
  int exit_code() const;  // 0 all pass, 1 error, 2 a spec failed
};

}  // namespace logsgd
