#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <set>

#include "report.h"

namespace logsgd {

std::string format_value(double value, const std::string& unit) {
  if (!std::isfinite(value)) return "—";
  if (unit.empty() || value == 0) return fmt::format("{:.4g}{}", value, unit.empty() ? "" : " " + unit);
  static const std::pair<double, const char*> prefixes[] = {{1e9, "G"},  {1e6, "M"},  {1e3, "k"},  {1, ""},
                                                            {1e-3, "m"}, {1e-6, "µ"}, {1e-9, "n"}, {1e-12, "p"},
                                                            {1e-15, "f"}, {1e-18, "a"}};
  for (const auto& [scale, prefix] : prefixes)
    if (std::fabs(value) >= scale * 0.9995) return fmt::format("{:.4g} {}{}", value / scale, prefix, unit);
  return fmt::format("{:.4g} {}", value, unit);
}

static std::string limit_text(const Limit& limit, const std::string& unit) {
  if (!limit.value) return "";
  return format_value(*limit.value, unit) + (limit.fail ? "" : " (info)");
}

static std::string status_text(Status status) {
  switch (status) {
    case Status::pass: return "✅ pass";
    case Status::fail: return "❌ FAIL";
    case Status::error: return "⚠️ ERROR";
  }
  return "";
}

void write_markdown_report(const RunResult& run, const std::filesystem::path& file) {
  std::ofstream out(file);
  std::string verdict = run.exit_code() == 0 ? "PASS" : run.exit_code() == 2 ? "FAIL" : "ERROR";
  out << fmt::format("# {}: characterisation report\n\n", run.testbench);
  if (!run.testbench_description.empty()) out << run.testbench_description << "\n\n";
  out << fmt::format("**Verdict: {}** — {} checks passed, {} failed, {} errors; {} of {} simulations succeeded.\n\n",
                     verdict, run.passed(), run.failed(), run.errors(),
                     std::count_if(run.outcomes.begin(), run.outcomes.end(), [](const auto& o) { return o.ok(); }),
                     run.outcomes.size());
  out << "| run | |\n|---|---|\n";
  out << fmt::format("| PDK | {} |\n| model library | {} |\n| corner set | {} |\n", run.pdk, run.library, run.corner_set);
  out << fmt::format("| seed | {} |\n| workers | {} |\n| wall time | {:.2f} s |\n\n", run.seed, run.workers, run.wall_s);

  out << "## Specs\n\n| Measurement | Condition | Min | Typ | Max | Value | Status |\n|---|---|---|---|---|---|---|\n";
  for (const auto& check : run.checks) {
    const Spec& spec = check.spec;
    std::string name = spec.description.empty() ? spec.result : fmt::format("{} (`{}`)", spec.description, spec.result);
    std::string value = check.value ? format_value(*check.value, spec.unit) : "—";
    std::string status = status_text(check.verdict.status);
    if (!check.verdict.reason.empty() && check.verdict.status != Status::pass) status += ": " + check.verdict.reason;
    out << fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", name, run.outcome_of(check).job.condition.id,
                       limit_text(spec.min, spec.unit), limit_text(spec.typ, spec.unit), limit_text(spec.max, spec.unit),
                       value, status);
  }

  if (!run.plots.empty()) out << "\n## Plots\n\n";
  for (const auto& [title, path] : run.plots) out << fmt::format("![{}]({})\n\n", title, path);

  std::set<std::string> names;
  for (const auto& o : run.outcomes)
    for (const auto& [name, value] : o.measured) names.insert(name);
  if (!names.empty()) {
    out << "\n## All measured values\n\n| Result |";
    for (const auto& o : run.outcomes) out << " " << o.job.condition.id << " |";
    out << "\n|---|";
    for (std::size_t i = 0; i < run.outcomes.size(); ++i) out << "---|";
    out << "\n";
    for (const auto& name : names) {
      out << "| `" << name << "` |";
      for (const auto& o : run.outcomes) {
        auto found = o.measured.find(name);
        out << " " << (found == o.measured.end() ? "—" : fmt::format("{:.4g}", found->second)) << " |";
      }
      out << "\n";
    }
  }

  bool any_failed = false;
  for (const auto& o : run.outcomes) {
    if (o.ok()) continue;
    if (!any_failed) out << "\n## Failed simulations\n\n| Job | Seed | Reason |\n|---|---|---|\n";
    any_failed = true;
    out << fmt::format("| `{}` | {} | {} |\n", o.job.id, o.job.seed, o.failure());
  }

  double first_load = 0, reuse_setup = 0, run_time = 0;
  int loads = 0, reuses = 0;
  for (const auto& o : run.outcomes) {
    if (!o.sim.ok) continue;
    run_time += o.sim.timing.run_s;
    if (o.sim.reused_deck) {
      reuse_setup += o.sim.timing.setup_s;
      ++reuses;
    } else {
      first_load += o.sim.timing.load_s;
      ++loads;
    }
  }
  out << "\n## Simulation cost\n\n| what | value |\n|---|---|\n";
  if (loads) out << fmt::format("| deck load (models + circuit), per load | {:.1f} ms ({} loads) |\n", 1e3 * first_load / loads, loads);
  if (reuses) out << fmt::format("| re-run of a loaded deck (alterparam + reset), per job | {:.2f} ms ({} jobs) |\n", 1e3 * reuse_setup / reuses, reuses);
  if (!run.outcomes.empty()) out << fmt::format("| analyses, mean per job | {:.1f} ms |\n", 1e3 * run_time / run.outcomes.size());
}

}  // namespace logsgd
