// Suites: the file's entries expand to testbench x corner sets x libraries, each runs into its
// own sub-folder as a normal (resumable) run, and the suite writes one verdict, one junit.xml
// with a testsuite per entry and a report linking the entries' reports.
#include "suite.h"

#include <doctest/doctest.h>

#include "config_error.h"
#include "ekv_simulator.h"
#include "folder_lock.h"
#include "history.h"
#include "suite_run.h"
#include "occurrences.h"
#include "temp_dir.h"
#include "text_file.h"

using namespace logsgd;

namespace {

const std::filesystem::path kRoot = LOGSGD_SOURCE_ROOT;

// Every entry gets a fresh stand-in simulator; `jobs` counts what they simulated.
SimulatorFactory ekv_factory(double n, int* jobs) {
  return [n, jobs]() -> std::unique_ptr<Simulator> {
    struct Counting : EkvSimulator {
      Counting(double n, int* jobs) : EkvSimulator(n), jobs(jobs) {}
      void run(const std::vector<SimRequest>& requests, const ResultCallback& on_result) override {
        *jobs += static_cast<int>(requests.size());
        EkvSimulator::run(requests, on_result);
      }
      int* jobs;
    };
    return std::make_unique<Counting>(n, jobs);
  };
}

SuiteOptions options_for(const std::filesystem::path& suite, const std::filesystem::path& out) {
  SuiteOptions options;
  options.suite = suite;
  options.out_dir = out;
  return options;
}

}  // namespace

TEST_CASE("a suite entry expands to testbench x corner sets x libraries, each named for its folder") {
  TempDir dir;
  auto file = dir.write("s.yaml",
                        "name: s\nentries:\n"
                        "  - {testbench: device_subthreshold, corners: [quick, corners/temperature.yaml], "
                        "library: [combined, binned]}\n"
                        "  - {testbench: mirror_views}\n");
  Suite suite = load_suite(file, kRoot);
  CHECK(suite.name == "s");
  REQUIRE(suite.entries.size() == 5);
  CHECK(suite.entries[0].name == "device_subthreshold-quick-combined");
  CHECK(suite.entries[1].name == "device_subthreshold-quick-binned");
  CHECK(suite.entries[3].name == "device_subthreshold-temperature-binned");
  CHECK(suite.entries[3].library == ModelLibrary::binned);
  CHECK(suite.entries[3].corners->filename() == "temperature.yaml");
  CHECK(suite.entries[4].name == "mirror_views");
  CHECK_FALSE(suite.entries[4].corners);
  CHECK_FALSE(suite.entries[4].library);
}

TEST_CASE("a malformed suite names file, line and key") {
  TempDir dir;
  auto fails = [&](const std::string& entries, const std::string& message) {
    CAPTURE(entries);
    auto file = dir.write("bad.yaml", "name: bad\nentries:\n" + entries);
    CHECK_THROWS_WITH_AS(load_suite(file, kRoot), doctest::Contains(message.c_str()), ConfigError);
  };
  fails("  - {testbench: no_such_bench}\n", "bad.yaml:3: key 'entries[0].testbench': no testbench 'no_such_bench'");
  fails("  - {testbench: device_subthreshold, corners: nowhere}\n", "no corner set 'nowhere'");
  fails("  - {testbench: device_subthreshold, library: typical}\n", "library 'typical' is combined or binned");
  fails("  - {testbench: device_subthreshold, corner: quick}\n", "corner");
  fails("  - {testbench: device_subthreshold}\n  - {testbench: device_subthreshold}\n", "listed twice");
  fails("  - {corners: quick}\n", "testbench");
  fails("  []\n", "entries is a non-empty list");
}

TEST_CASE("a suite runs every entry into its own folder with one verdict, junit and report, and resumes") {
  TempDir dir, out;
  auto file = dir.write("s.yaml",
                        "name: night\ndescription: two corner sets\nentries:\n"
                        "  - {testbench: device_subthreshold, corners: [temperature, quick]}\n");
  int simulated = 0;
  SuiteOptions options = options_for(file, out.path());
  options.history = dir.path() / "history.sqlite";
  SuiteResult result = run_suite(options, Pdk::from_environment(), kRoot, ekv_factory(1.35, &simulated), 1);
  CHECK(result.exit_code() == 0);
  CHECK(simulated == 4);  // 3 temperatures + 1 quick corner
  for (const char* entry : {"device_subthreshold-temperature", "device_subthreshold-quick"}) {
    CAPTURE(entry);
    CHECK(std::filesystem::exists(out.path() / entry / "report.md"));
    CHECK(std::filesystem::exists(out.path() / entry / "results.sqlite"));
  }
  const std::string junit = read_text_file(out.path() / "junit.xml");
  CHECK(occurrences(junit, "<testsuite ") == 2);
  CHECK(junit.find("<testsuites name=\"night\" tests=\"32\" failures=\"0\" errors=\"0\" skipped=\"8\"") != std::string::npos);
  CHECK(junit.find("<testsuite name=\"device_subthreshold-quick\" tests=\"8\"") != std::string::npos);
  const std::string report = read_text_file(out.path() / "report.md");
  CHECK(report.find("> **Verdict: PASS**") != std::string::npos);
  CHECK(report.find("[report](device_subthreshold-temperature/report.md)") != std::string::npos);
  const std::string html = read_text_file(out.path() / "report.html");
  CHECK(html.find("<a href=\"device_subthreshold-quick/report.html\">report</a>") != std::string::npos);
  CHECK(html.find("<td class=\"pass\">PASS</td>") != std::string::npos);  // each entry's verdict coloured
  CHECK(History(dir.path() / "history.sqlite").rows({"nfet.n", "", ""}).size() == 4);

  // Again into the same folder: every entry resumes from its store, nothing is simulated.
  simulated = 0;
  CHECK(run_suite(options, Pdk::from_environment(), kRoot, ekv_factory(1.35, &simulated), 1).exit_code() == 0);
  CHECK(simulated == 0);
}

TEST_CASE("a failing spec makes the suite exit 2 and an entry that cannot run makes it 1 and the others still run") {
  TempDir dir;
  auto file = dir.write("s.yaml", "name: s\nentries:\n  - {testbench: device_subthreshold, corners: [quick, temperature]}\n");
  int simulated = 0;
  {
    TempDir out;
    SuiteResult failing = run_suite(options_for(file, out.path()), Pdk::from_environment(), kRoot,
                                    ekv_factory(1.9, &simulated), 1);  // n above its max of 1.7
    CHECK(failing.exit_code() == 2);
    CHECK(read_text_file(out.path() / "report.md").find("## Failed checks") != std::string::npos);
    CHECK(read_text_file(out.path() / "junit.xml").find("<failure") != std::string::npos);
  }
  TempDir out;
  std::filesystem::create_directories(out.path() / "device_subthreshold-quick");
  FolderLock held(out.path() / "device_subthreshold-quick");  // another run holds this entry's folder
  simulated = 0;
  SuiteResult result = run_suite(options_for(file, out.path()), Pdk::from_environment(), kRoot,
                                 ekv_factory(1.35, &simulated), 1);
  CHECK(result.exit_code() == 1);
  REQUIRE(result.entries.size() == 2);
  CHECK_FALSE(result.entries[0].result);
  CHECK(result.entries[0].error.find("in use by another logsgd run") != std::string::npos);
  CHECK(result.entries[1].exit_code() == 0);
  CHECK(simulated == 3);
  const std::string junit = read_text_file(out.path() / "junit.xml");
  CHECK(junit.find("<testsuite name=\"device_subthreshold-quick\" tests=\"1\" failures=\"0\" errors=\"1\"") != std::string::npos);
  CHECK(read_text_file(out.path() / "report.md").find("| device_subthreshold-quick | ERROR: ") != std::string::npos);
}

TEST_CASE("the shipped suites load: every testbench and corner set they name exists") {
  Suite smoke = load_suite(kRoot / "suites" / "smoke.yaml", kRoot);
  CHECK(smoke.name == "smoke");
  CHECK(smoke.entries.size() == 4);
  Suite nightly = load_suite(kRoot / "suites" / "nightly.yaml", kRoot);
  CHECK(nightly.name == "nightly");
  CHECK(nightly.entries.front().name == "device_subthreshold-temperature-combined");
  CHECK(nightly.entries.back().name == "trainer_4feature_chopped-mc16_combined");
}
