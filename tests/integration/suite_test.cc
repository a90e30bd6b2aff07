// `logsgd suite` with real workers: a device testbench, then one that loads a Verilog-A view
// (each entry has workers of its own: a libngspice that held the first testbench's circuits
// crashes loading the OSDI library of the second).
#include <doctest/doctest.h>

#include <filesystem>

#include "cli_runner.h"
#include "temp_dir.h"
#include "text_file.h"

namespace fs = std::filesystem;
using logsgd::read_text_file;

TEST_CASE("logsgd suite runs its entries into one folder: one verdict, junit.xml and report, history rows") {
  TempDir dir, out;
  auto suite = dir.write("pair.yaml",
                         "name: pair\nentries:\n  - {testbench: device_subthreshold, corners: quick}\n"
                         "  - {testbench: mirror_views}\n");
  const std::string history = (dir.path() / "history.sqlite").string();
  Answer answer = run_logsgd("suite " + suite.string() + " --out " + out.path().string() + " -j 1 --history " + history);
  INFO(answer.output);
  CHECK(answer.code == 0);
  CHECK(answer.output.find("pair: PASS — 2 of 2 entries passed") != std::string::npos);
  CHECK(fs::exists(out.path() / "device_subthreshold-quick" / "report.html"));
  CHECK(fs::exists(out.path() / "mirror_views" / "junit.xml"));
  const std::string junit = read_text_file(out.path() / "junit.xml");
  CHECK(junit.find("<testsuite name=\"device_subthreshold-quick\"") != std::string::npos);
  CHECK(junit.find("<testsuite name=\"mirror_views\"") != std::string::npos);
  CHECK(junit.find("<error") == std::string::npos);
  CHECK(read_text_file(out.path() / "report.md").find("[report](mirror_views/report.md)") != std::string::npos);
  Answer trend = run_logsgd("history transistor.ratio --history " + history);
  CHECK(trend.code == 0);
  CHECK(trend.output.find("mirror_views") != std::string::npos);
  // A missing suite file is an argument error.
  CHECK(run_logsgd("suite " + (dir.path() / "none.yaml").string()).code == 1);
}
