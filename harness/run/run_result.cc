#include "run_result.h"

#include <fmt/format.h>

namespace logsgd {

std::string RunResult::shard_note() const {
  if (!partial()) return "";
  return fmt::format("Partial report: shard {} of {} ({} of the plan's {} jobs: {}, {}, {}, ...); its verdict is not "
                     "the run's, and checks across Monte Carlo samples are left to the merged run: `logsgd merge "
                     "<out> <shard folders...>`, then the same `logsgd run` into <out> for the full report",
                     shard_index + 1, shard_count, outcomes.size(), plan_jobs, shard_index + 1,
                     shard_index + 1 + shard_count, shard_index + 1 + 2 * shard_count);
}

int RunResult::count(Status status) const {
  int count = 0;
  for (const auto& c : checks) count += c.verdict.status == status;
  for (const auto& c : aggregate_checks) count += c.verdict.status == status;
  return count;
}

int RunResult::passed() const { return count(Status::pass) + count(Status::near); }

int RunResult::failed() const { return count(Status::fail); }

int RunResult::errors() const { return count(Status::error); }

int RunResult::failed_jobs() const {
  int count = 0;
  for (const auto& o : outcomes) count += !o.ok();
  return count;
}

int RunResult::exit_code() const {
  if (errors() > 0) return 1;
  if (failed() > 0) return 2;
  return 0;
}

}  // namespace logsgd
