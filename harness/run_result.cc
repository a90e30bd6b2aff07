#include "run_result.h"

namespace logsgd {

int RunResult::passed() const {
  int count = 0;
  for (const auto& c : checks) count += c.verdict.status == Status::pass || c.verdict.status == Status::near;
  for (const auto& c : aggregate_checks) count += c.verdict.status == Status::pass || c.verdict.status == Status::near;
  return count;
}

int RunResult::failed() const {
  int count = 0;
  for (const auto& c : checks) count += c.verdict.status == Status::fail;
  for (const auto& c : aggregate_checks) count += c.verdict.status == Status::fail;
  return count;
}

int RunResult::errors() const {
  int count = 0;
  for (const auto& c : checks) count += c.verdict.status == Status::error;
  for (const auto& c : aggregate_checks) count += c.verdict.status == Status::error;
  for (const auto& o : outcomes) count += !o.ok();
  return count;
}

int RunResult::exit_code() const {
  if (errors() > 0) return 1;
  if (failed() > 0) return 2;
  return 0;
}

}  // namespace logsgd
