// Runs append to the history database and `logsgd history` follows a result across them: three
// real runs of device_subthreshold, the third with its slope-factor limit tightened (a passing
// spec that now fails), must show three rows and flag the regression.
#include <doctest/doctest.h>

#include <filesystem>

#include "cli_runner.h"
#include "temp_dir.h"
#include "text_file.h"

namespace fs = std::filesystem;
using logsgd::read_text_file;

namespace {

// A copy of the project with just what device_subthreshold needs, so its spec can be changed.
void copy_project(const fs::path& root, const TempDir& project) {
  fs::copy(root / "cells", project.path() / "cells", fs::copy_options::recursive);
  fs::copy(root / "corners", project.path() / "corners", fs::copy_options::recursive);
  fs::create_directories(project.path() / "testbenches");
  fs::copy(root / "testbenches" / "device_subthreshold", project.path() / "testbenches" / "device_subthreshold",
           fs::copy_options::recursive);
}

std::string fmt_run(const fs::path& testbench, const fs::path& corners, const fs::path& out, const fs::path& history) {
  return "run " + testbench.string() + " --corners " + corners.string() + " --jobs 1 --out " + out.string() +
         " --history " + history.string();
}

}  // namespace

TEST_CASE("three runs into the history: `logsgd history` shows three rows and flags the injected regression") {
  const fs::path root = LOGSGD_SOURCE_ROOT;
  TempDir project, out;
  copy_project(root, project);
  const fs::path testbench = project.path() / "testbenches" / "device_subthreshold";
  const fs::path history = out.path() / "history.sqlite";
  auto run = [&](int k) {
    return run_logsgd(fmt_run(testbench, project.path() / "corners" / "quick.yaml", out.path() / ("run" + std::to_string(k)),
                          history));
  };
  CHECK(run(1).code == 0);
  CHECK(run(2).code == 0);
  // The regression: nfet.n (about 1.34 at tt, 27 °C) now has to stay below 1.2.
  std::string yaml = read_text_file(testbench / "testbench.yaml");
  const std::string limit = "  - result: nfet.n\n    description: nfet subthreshold slope factor\n    min: 1.1\n"
                            "    typ: {value: 1.34, fail: false}\n    max: 1.7\n";
  REQUIRE(yaml.find(limit) != std::string::npos);
  yaml.replace(yaml.find(limit) + limit.size() - 4, 3, "1.2");
  project.write("testbenches/device_subthreshold/testbench.yaml", yaml);
  CHECK(run(3).code == 2);

  Answer shown = run_logsgd("history nfet.n --testbench device_subthreshold --history " + history.string());
  INFO(shown.output);
  CHECK(shown.code == 2);
  std::size_t rows = 0;
  for (std::size_t at = shown.output.find("tt_27C_1.80V"); at != std::string::npos;
       at = shown.output.find("tt_27C_1.80V", at + 1))
    ++rows;
  CHECK(rows == 3);
  CHECK(shown.output.find("first run") != std::string::npos);
  CHECK(shown.output.find("unchanged") != std::string::npos);
  CHECK(shown.output.find("REGRESSION: pass -> fail") != std::string::npos);

  // The last two runs only, and a plot of them.
  Answer last = run_logsgd("history nfet.n --last 2 --plot " + (out.path() / "trend.png").string() + " --history " +
                       history.string());
  CHECK(last.code == 2);
  CHECK(last.output.find("first run") == std::string::npos);  // run 2 is still compared with run 1
  CHECK(last.output.find("unchanged") != std::string::npos);
  CHECK(fs::file_size(out.path() / "trend.png") > 1000);

  // A result nobody measured is an error naming it; --no-history leaves the database alone.
  CHECK(run_logsgd("history no.such --history " + history.string()).code == 1);
  CHECK(run_logsgd(fmt_run(testbench, project.path() / "corners" / "quick.yaml", out.path() / "run4", history) +
               " --no-history").code == 2);
  Answer after = run_logsgd("history nfet.n --history " + history.string());
  CHECK(after.output.find("\n4 ") == std::string::npos);
  CHECK(after.output.find("\n3 ") != std::string::npos);
}
