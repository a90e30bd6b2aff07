// The history database: every run appends what it measured (SQLite, default
// results/history.sqlite), so a result can be followed across runs, kit versions and nights.
// Tables: runs (id, started_utc, kit_version, testbench, corner_set, library, exit_code, out_dir,
// command_line, host) and results (run_id, job, library, result, value, unit, status); status is
// the spec's verdict for that job (pass, near, fail, error, info) or empty when no spec judges it.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "run_result.h"

struct sqlite3;

namespace logsgd {

// Where runs are recorded unless --history names another file: results/history.sqlite in the project.
std::filesystem::path default_history_path(const std::filesystem::path& project_root);

struct HistoryRow {
  long long run_id = 0;
  std::string started_utc;
  std::string kit_version;
  std::string testbench;
  std::string corner_set;
  std::string job;
  std::string library;
  std::string result;
  std::optional<double> value;  // none: the job failed or the measurement gave no value
  std::string unit;
  std::string status;
};

struct HistoryQuery {
  std::string result;     // exact result name, e.g. nfet.n or trainer.effective_bits
  std::string testbench;  // empty: any
  std::string job;        // exact job id, or empty: any
};

class History {
 public:
  // Opens (creating the file, its folder and tables as needed); throws std::runtime_error naming
  // the file when it cannot.
  explicit History(const std::filesystem::path& file);
  ~History();
  History(const History&) = delete;
  History& operator=(const History&) = delete;

  // Appends one run: a row per job and measured value (and per Monte Carlo aggregate), with the
  // spec's status where one judges it; a checked value that was not measured is recorded with
  // no value and its status (error). All in one transaction: a run is in the history whole or
  // not at all. Returns the run's id (increasing with every run recorded).
  long long record(const RunResult& run, const std::string& out_dir);

  // Matching rows ordered by (testbench, job, run id).
  std::vector<HistoryRow> rows(const HistoryQuery& query) const;

 private:
  void exec(const char* sql);
  std::filesystem::path file_;
  sqlite3* db_ = nullptr;
};

}  // namespace logsgd
