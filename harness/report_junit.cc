#include <fmt/format.h>

#include <sstream>

#include "report.h"
#include "text_file.h"

namespace logsgd {


void write_junit(const RunResult& run, const std::filesystem::path& file) {
  std::ostringstream out;
  const std::size_t tests = run.checks.size() + run.aggregate_checks.size();
  int failures = run.failed();
  int errors = static_cast<int>(tests) - run.passed() - failures;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites name=\"logsgd\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3f}\">\n",
                     tests, failures, errors, run.wall_s);
  out << fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3f}\">\n",
                     escape_markup(run.testbench), tests, failures, errors, run.wall_s);
  // Provenance as JUnit properties, so a CI server shows what the verdict was computed with.
  const Provenance& p = run.provenance;
  std::vector<std::pair<std::string, std::string>> properties{
      {"date_utc", p.started_utc}, {"kit_version", p.kit_version}, {"ngspice_version", p.ngspice_version},
      {"pdk", p.pdk},              {"host", p.host},               {"workers", std::to_string(p.workers)},
      {"command_line", p.command_line}};
  for (const auto& [library, jobs] : p.libraries) properties.emplace_back("library." + library, fmt::format("{} jobs", jobs));
  for (const auto& f : p.model_files) properties.emplace_back("sha256:" + f.path, f.sha256);
  for (const auto& f : p.decks) properties.emplace_back("sha256:" + f.path, f.sha256);
  out << "    <properties>\n";
  for (const auto& [name, value] : properties)
    out << fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", escape_markup(name), escape_markup(value));
  out << "    </properties>\n";
  auto testcase = [&](const Spec& spec, const std::string& name, double seconds, const Verdict& verdict,
                      const std::optional<double>& value, const std::string& detail) {
    out << fmt::format("    <testcase classname=\"{}.{}\" name=\"{}\" time=\"{:.3f}\">\n", escape_markup(run.testbench),
                       escape_markup(spec.result), escape_markup(name), seconds);
    if (verdict.status == Status::fail)
      out << fmt::format("      <failure message=\"{}\">{}</failure>\n", escape_markup(verdict.reason), escape_markup(detail));
    else if (verdict.status == Status::error)
      out << fmt::format("      <error message=\"{}\">{}</error>\n", escape_markup(verdict.reason), escape_markup(detail));
    if (value) out << fmt::format("      <system-out>{} = {:.6g}</system-out>\n", escape_markup(spec.result), *value);
    out << "    </testcase>\n";
  };
  for (const auto& check : run.checks) {
    const auto& outcome = run.outcome_of(check);
    std::string name = outcome.job.id.substr(outcome.job.id.find('/') + 1);  // condition[/sample]
    testcase(check.spec, name, outcome.sim.timing.run_s, check.verdict, check.value,
             fmt::format("job {} seed {}", outcome.job.id, outcome.job.seed));
  }
  for (const auto& check : run.aggregate_checks)
    testcase(check.spec, check.condition_id + " (across samples)", 0, check.verdict, check.value,
             "aggregate over the Monte Carlo samples at " + check.condition_id);
  out << "  </testsuite>\n</testsuites>\n";
  write_text_file(file, out.str());
}

}  // namespace logsgd
