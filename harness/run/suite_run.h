// Running a suite into one folder: each entry is a normal run in <out>/<entry>/ (resumable like
// any run: running the suite again simulates only what is missing), then one verdict, one
// junit.xml (a testsuite per entry) and a short report.md/report.html linking every entry's
// report. An entry that cannot run (bad input, its folder in use) is an error in the verdict and
// the JUnit, and the other entries still run.
#pragma once
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pdk.h"
#include "run_result.h"
#include "simulator.h"
#include "suite.h"

namespace logsgd {

struct SuiteOptions {
  std::filesystem::path suite;  // the suite file
  std::filesystem::path out_dir;
  // Each entry's results are appended here (none: not recorded).
  std::optional<std::filesystem::path> history;
  unsigned long seed = 1;
  bool fresh = false;         // ignore every entry's stored results
  bool retry_failed = false;  // simulate stored failures again
  std::FILE* progress = nullptr;
  std::string command_line;
};

struct SuiteEntryOutcome {
  SuiteEntry entry;
  std::filesystem::path out_dir;
  std::optional<RunResult> result;  // none: the entry could not run
  std::string error;                // why not
  int exit_code() const { return result ? result->exit_code() : 1; }
};

struct SuiteResult {
  Suite suite;
  std::string started_utc;
  double wall_s = 0;
  std::vector<SuiteEntryOutcome> entries;
  // 1 when an entry errs, else 2 when a spec fails, else 0 (as for one run).
  int exit_code() const;
};

// Each entry gets simulators of its own, as a run alone would: a libngspice that has held one
// testbench's circuits crashes when a later one loads a Verilog-A (OSDI) library, and an entry's
// numbers must not depend on what ran before it.
using SimulatorFactory = std::function<std::unique_ptr<Simulator>()>;

// Throws ConfigError for a malformed suite file, std::runtime_error when the suite folder is in
// use or its combined reports cannot be written, RunInterrupted when stopped (finished jobs stay
// stored in their entries' folders).
SuiteResult run_suite(const SuiteOptions& options, const Pdk& pdk, const std::filesystem::path& project_root,
                      const SimulatorFactory& make_simulator, int workers);

// The combined report.md and report.html, and junit.xml, in `out_dir`.
void write_suite_reports(const SuiteResult& result, const std::filesystem::path& out_dir);

}  // namespace logsgd
