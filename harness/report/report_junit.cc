#include <fmt/format.h>

#include <sstream>

#include "junit.h"
#include "report.h"
#include "text_file.h"

namespace logsgd {

JunitSuite junit_testsuite(const RunResult& run, const std::string& name) {
  JunitSuite suite;
  suite.tests = static_cast<int>(run.checks.size() + run.aggregate_checks.size());
  suite.failures = run.count(Status::fail);
  suite.errors = run.count(Status::error);
  suite.skipped = run.count(Status::info);
  suite.time_s = run.wall_s;
  std::ostringstream out;
  out << fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{:.3f}\">\n",
                     escape_markup(name), suite.tests, suite.failures, suite.errors, suite.skipped, run.wall_s);
  // Provenance as JUnit properties, so a CI server shows what the verdict was computed with.
  const Provenance& p = run.provenance;
  std::vector<std::pair<std::string, std::string>> properties{
      {"date_utc", p.started_utc}, {"kit_version", p.kit_version}, {"ngspice_version", p.ngspice_version},
      {"pdk", p.pdk},              {"host", p.host},               {"workers", std::to_string(p.workers)},
      {"command_line", p.command_line}};
  if (run.partial()) properties.emplace_back("logsgd.shard", run.shard_note());
  for (const auto& stop : run.autostop) properties.emplace_back("logsgd.autostop." + stop.condition_id, stop.text());
  for (const auto& [library, jobs] : p.libraries) properties.emplace_back("library." + library, fmt::format("{} jobs", jobs));
  for (const auto& f : p.model_files) properties.emplace_back("sha256:" + f.path, f.sha256);
  for (const auto& f : p.decks) properties.emplace_back("sha256:" + f.path, f.sha256);
  out << "    <properties>\n";
  for (const auto& [key, value] : properties)
    out << fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", escape_markup(key), escape_markup(value));
  out << "    </properties>\n";
  auto testcase = [&](const Spec& spec, const std::string& test, double seconds, const Verdict& verdict,
                      const std::optional<double>& value, const std::string& detail) {
    out << fmt::format("    <testcase classname=\"{}.{}\" name=\"{}\" time=\"{:.3f}\">\n", escape_markup(run.testbench),
                       escape_markup(spec.result), escape_markup(test), seconds);
    if (verdict.status == Status::fail)
      out << fmt::format("      <failure message=\"{}\">{}</failure>\n", escape_markup(verdict.reason), escape_markup(detail));
    else if (verdict.status == Status::error)
      out << fmt::format("      <error message=\"{}\">{}</error>\n", escape_markup(verdict.reason), escape_markup(detail));
    else if (verdict.status == Status::info)
      out << fmt::format("      <skipped message=\"info: {}\"/>\n"
                         "      <properties><property name=\"logsgd.status\" value=\"info\"/></properties>\n",
                         escape_markup(verdict.reason));
    if (value) out << fmt::format("      <system-out>{} = {:.6g}</system-out>\n", escape_markup(spec.result), *value);
    out << "    </testcase>\n";
  };
  for (const auto& check : run.checks) {
    const auto& outcome = run.outcome_of(check);
    std::string test = outcome.job.id.substr(outcome.job.id.find('/') + 1);  // condition[/sample]
    testcase(check.spec, test, outcome.sim.timing.run_s, check.verdict, check.value,
             fmt::format("job {} seed {} library {}", outcome.job.id, outcome.job.seed, outcome.library));
  }
  for (const auto& check : run.aggregate_checks)
    testcase(check.spec, check.condition_id + " (across samples)", 0, check.verdict, check.value,
             "aggregate over the Monte Carlo samples at " + check.condition_id);
  out << "  </testsuite>\n";
  suite.xml = out.str();
  return suite;
}

JunitSuite junit_error_suite(const std::string& name, const std::string& message) {
  JunitSuite suite;
  suite.tests = 1;
  suite.errors = 1;
  suite.xml = fmt::format(
      "  <testsuite name=\"{0}\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" time=\"0\">\n"
      "    <testcase classname=\"{0}\" name=\"run\" time=\"0\">\n"
      "      <error message=\"{1}\">{1}</error>\n"
      "    </testcase>\n"
      "  </testsuite>\n",
      escape_markup(name), escape_markup(message));
  return suite;
}

std::string junit_document(const std::string& name, const std::vector<JunitSuite>& suites) {
  JunitSuite total;
  std::string body;
  for (const auto& s : suites) {
    total.tests += s.tests;
    total.failures += s.failures;
    total.errors += s.errors;
    total.skipped += s.skipped;
    total.time_s += s.time_s;
    body += s.xml;
  }
  return fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" "
                     "errors=\"{}\" skipped=\"{}\" time=\"{:.3f}\">\n{}</testsuites>\n",
                     escape_markup(name), total.tests, total.failures, total.errors, total.skipped, total.time_s, body);
}

void write_junit(const RunResult& run, const std::filesystem::path& file) {
  write_text_file(file, junit_document("logsgd", {junit_testsuite(run, run.testbench)}));
}

}  // namespace logsgd
