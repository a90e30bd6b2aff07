// Persistence: each job's simulation result is stored (SQLite, in the run's folder) the moment
// it finishes, keyed by the job id and a hash of everything the simulation depends on (netlist,
// parameters, temperature, seed, vectors). An interrupted run resumes by running only what is
// missing; a changed cell or testbench changes the hash, so stale results are never reused.
#pragma once
#include <filesystem>
#include <optional>
#include <string>

#include "sim_job.h"

struct sqlite3;

namespace logsgd {

std::string request_hash(const SimRequest& request);  // 16 hex digits

class ResultStore {
 public:
  explicit ResultStore(const std::filesystem::path& file);  // creates the file and table as needed
  ~ResultStore();
  ResultStore(const ResultStore&) = delete;
  ResultStore& operator=(const ResultStore&) = delete;

  std::optional<SimResult> find(const std::string& job_id, const std::string& hash) const;
  void save(const std::string& job_id, const std::string& hash, const SimResult& result);
  void clear();  // --fresh: forget every stored result
  void remove(const std::string& job_id);  // --only: forget this job's result so it runs again
  int merge_from(const std::filesystem::path& other);  // copies another store's rows; returns how many

 private:
  void exec(const char* sql);
  sqlite3* db_ = nullptr;
};

}  // namespace logsgd
