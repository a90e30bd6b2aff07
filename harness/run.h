// A characterisation run, end to end: plan -> render -> simulate -> measure -> check -> report.
// Every finished job is stored at once (results.sqlite in the output folder); running the same
// command again resumes, simulating only what is missing.
#pragma once
#include <cstdio>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

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
  std::string only_job;                          // run just this job id (re-running one failure)
  int shard_index = 0, shard_count = 1;          // run jobs k, k+N, k+2N, ... of the plan (0-based k)
  bool fresh = false;                            // ignore stored results
  bool retry_failed = false;                     // simulate stored failures again (after a fix)
  std::FILE* progress = nullptr;
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

// Throws ConfigError for malformed inputs; simulation failures are part of the result.
RunOutput run_testbench(const RunOptions& options, const Pdk& pdk, const std::filesystem::path& project_root,
                        Simulator& simulator, int workers);

}  // namespace logsgd
