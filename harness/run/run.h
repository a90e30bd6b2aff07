// A characterisation run, end to end: plan -> render -> simulate -> measure -> check -> report.
// Every finished job is stored at once (results.sqlite in the output folder); running the same
// command again resumes, simulating only what is missing.
#pragma once
#include <cstdio>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "pdk.h"
#include "run_result.h"
#include "simulator.h"

namespace logsgd {

struct RunOptions {
  std::filesystem::path testbench;               // folder, YAML file or name
  std::optional<std::filesystem::path> corners;  // default: the testbench's own corner file
  std::optional<std::filesystem::path> out_dir;  // default: results/<testbench>-<corner set>
  ModelLibrary library = ModelLibrary::combined;
  bool library_given = false;                    // a corner file's library applies unless given
  unsigned long seed = 1;
  // Re-simulate just these job ids (their stored results are dropped first); every other job's
  // stored result is kept and the report covers all jobs that have a result.
  std::vector<std::string> only_jobs;
  int shard_index = 0, shard_count = 1;          // run jobs k, k+N, k+2N, ... of the plan (0-based k)
  bool fresh = false;                            // ignore stored results (with only_jobs: just theirs)
  bool retry_failed = false;                     // simulate stored failures again (after a fix)
  bool cold_dc_solves = false;                   // the calibration's DC solves from scratch (SimRequest)
  bool idealised_calibration = false;            // least squares on read servo currents, whatever the testbench says
  std::FILE* progress = nullptr;
  std::string command_line;                      // as typed, for the report's provenance
};

struct RunOutput {
  RunResult result;
  std::filesystem::path out_dir;
};

// Thrown when the simulator was cancelled (Ctrl-C): finished jobs are stored, the rest is not.
class RunInterrupted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws ConfigError for malformed inputs, std::runtime_error when the output folder is in use by
// another run or a report file cannot be written; simulation failures are part of the result.
RunOutput run_testbench(const RunOptions& options, const Pdk& pdk, const std::filesystem::path& project_root,
                        Simulator& simulator, int workers);

}  // namespace logsgd
