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

struct RunResult {
  std::string testbench;
  std::string testbench_description;
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
  Provenance provenance;      // when, with what and where the run was made
  std::map<std::string, DeviceFactors> device_factors;  // for inversion coefficients in the report
  std::optional<MismatchSensitivityDef> mismatch_sensitivity;  // outputs, scale and length of its table
  std::optional<DutInventory> dut_inventory;  // what inside the DUT is still ideal (testbench `dut:`)

  const JobOutcome& outcome_of(const SpecCheck& check) const { return outcomes.at(check.outcome); }
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
