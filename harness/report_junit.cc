#include <fmt/format.h>

#include <fstream>

#include "report.h"

namespace logsgd {

static std::string xml_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t') out += c;
    }
  }
  return out;
}

void write_junit(const RunResult& run, const std::filesystem::path& file) {
  std::ofstream out(file);
  int failures = run.failed();
  int errors = static_cast<int>(run.checks.size()) - run.passed() - failures;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites name=\"logsgd\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3f}\">\n",
                     run.checks.size(), failures, errors, run.wall_s);
  out << fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3f}\">\n",
                     xml_escape(run.testbench), run.checks.size(), failures, errors, run.wall_s);
  for (const auto& check : run.checks) {
    const auto& job = run.outcome_of(check).job;
    out << fmt::format("    <testcase classname=\"{}.{}\" name=\"{}\" time=\"{:.3f}\">\n", xml_escape(run.testbench),
                       xml_escape(check.spec.result), xml_escape(job.condition.id), run.outcome_of(check).sim.timing.run_s);
    std::string detail = fmt::format("job {} seed {}", job.id, job.seed);
    if (check.verdict.status == Status::fail)
      out << fmt::format("      <failure message=\"{}\">{}</failure>\n", xml_escape(check.verdict.reason), xml_escape(detail));
    else if (check.verdict.status == Status::error)
      out << fmt::format("      <error message=\"{}\">{}</error>\n", xml_escape(check.verdict.reason), xml_escape(detail));
    if (check.value) out << fmt::format("      <system-out>{} = {:.6g}</system-out>\n", xml_escape(check.spec.result), *check.value);
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
}

}  // namespace logsgd
