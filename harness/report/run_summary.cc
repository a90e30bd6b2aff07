#include "run_summary.h"

#include <fmt/format.h>

#include <map>

#include "units.h"

namespace logsgd {

namespace {

std::string limits_text(const Spec& spec) {
  std::string text;
  auto add = [&](const char* name, const Limit& limit) {
    if (!limit.value || !limit.fail) return;
    text += fmt::format("{}{} {}", text.empty() ? "" : ", ", name, format_value(*limit.value, spec.unit));
  };
  add("min", spec.min);
  add("max", spec.max);
  return text.empty() ? "no limit" : text;
}

std::string check_line(const std::string& status, const std::string& where, const Spec& spec,
                       const std::optional<double>& value, const std::string& reason) {
  return fmt::format("  {:<5} {}  {} = {}  ({}){}\n", status, where, spec.result,
                     value ? format_value(*value, spec.unit) : std::string("—"), limits_text(spec),
                     reason.empty() ? "" : ": " + reason);
}

// Appends at most `max_lines` of `lines`, then how many more there are and where they are.
void capped(std::string& out, const std::vector<std::string>& lines, std::size_t max_lines,
            const std::filesystem::path& report) {
  for (std::size_t k = 0; k < lines.size() && k < max_lines; ++k) out += lines[k];
  if (lines.size() > max_lines)
    out += fmt::format("  ... and {} more, see {}\n", lines.size() - max_lines, report.string());
}

}  // namespace

std::string run_summary(const RunResult& run, const std::filesystem::path& report, std::size_t max_lines) {
  const int code = run.exit_code();
  std::string out = fmt::format("{}: {} — {} passed ({} near), {} failed, {} errors, {} info; {} of {} simulations "
                                "failed; {:.1f} s\n",
                                run.testbench, code == 0 ? "PASS" : code == 2 ? "FAIL" : "ERROR", run.passed(),
                                run.count(Status::near), run.failed(), run.errors(), run.count(Status::info),
                                run.failed_jobs(), run.outcomes.size(), run.wall_s);
  if (run.partial()) out += run.shard_note() + "\n";
  for (const auto& stop : run.autostop) out += fmt::format("auto-stop at {}: {}\n", stop.condition_id, stop.text());
  // A check on a failed job has no value for the job's reason: the job is listed once, below,
  // with how many checks it left without a value, instead of once per spec.
  std::vector<std::string> failing;
  std::map<std::size_t, int> unvalued;
  for (const auto& c : run.checks) {
    if (c.verdict.status != Status::fail && c.verdict.status != Status::error) continue;
    if (!run.outcome_of(c).ok()) {
      if (!c.job_failure) ++unvalued[c.outcome];
      continue;
    }
    failing.push_back(check_line(c.verdict.status == Status::fail ? "FAIL" : "ERROR", run.outcome_of(c).job.id, c.spec,
                                 c.value, c.verdict.reason));
  }
  for (const auto& c : run.aggregate_checks)
    if (c.verdict.status == Status::fail || c.verdict.status == Status::error)
      failing.push_back(check_line(c.verdict.status == Status::fail ? "FAIL" : "ERROR",
                                   run.testbench + "/" + c.condition_id + " (across samples)", c.spec, c.value,
                                   c.verdict.reason));
  if (!failing.empty()) {
    out += fmt::format("failing checks ({}):\n", failing.size());
    capped(out, failing, max_lines, report);
  }
  std::vector<std::string> failed;
  for (std::size_t i = 0; i < run.outcomes.size(); ++i) {
    const JobOutcome& o = run.outcomes[i];
    if (o.ok()) continue;
    const int checks = unvalued.count(i) ? unvalued[i] : 0;
    failed.push_back(fmt::format("  {} (seed {}): {}{}\n", o.job.id, o.job.seed, o.failure(),
                                 checks ? fmt::format(" [{} check{} without a value]", checks, checks == 1 ? "" : "s")
                                        : ""));
  }
  if (!failed.empty()) {
    out += fmt::format("failed simulations ({}):\n", failed.size());
    capped(out, failed, max_lines, report);
  }
  out += fmt::format("report: {}\n", report.string());
  return out;
}

}  // namespace logsgd
