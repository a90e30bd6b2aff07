#include "run_result.h"

namespace logsgd {

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
