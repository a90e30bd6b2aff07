// Auto-stop on a real cell: the sky130 nMOS mirrors of testbenches/mirror_mismatch, with a yield
// spec on their ratio, in a scratch project. A spec every sample passes stops at the first n whose
// one-sided 95 % lower bound reaches the 90 % target (29 samples of at most 100), a spec most
// samples fail stops below the target within a few; 1 and 2 workers report the same samples
// with the same numbers, and the console and results.json say where each run stopped.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "temp_dir.h"
#include "text_file.h"

namespace {

using nlohmann::json;

// A copy of mirror_mismatch in a scratch project, its corners replaced by `corners` (a corner
// file written beside it) and one more spec, judging every Monte Carlo sample.
std::filesystem::path mirror_project(const TempDir& dir, const std::string& corners, const std::string& spec) {
  const std::filesystem::path source = std::filesystem::path(LOGSGD_SOURCE_ROOT);
  const std::filesystem::path cell = source / "cells" / "nfet_01v8_unit";
  for (const auto& file : std::filesystem::directory_iterator(cell))
    dir.write("cells/nfet_01v8_unit/" + file.path().filename().string(), logsgd::read_text_file(file.path()));
  std::string yaml = logsgd::read_text_file(source / "testbenches" / "mirror_mismatch" / "testbench.yaml");
  const std::string corner_line = "corners: ../../corners/mismatch.yaml";
  REQUIRE(yaml.find(corner_line) != std::string::npos);
  yaml.replace(yaml.find(corner_line), corner_line.size(), "corners: stop.yaml");
  REQUIRE(yaml.back() == '\n');
  yaml += spec;
  dir.write("testbenches/mirror/mirror_mismatch.spice",
            logsgd::read_text_file(source / "testbenches" / "mirror_mismatch" / "mirror_mismatch.spice"));
  dir.write("testbenches/mirror/stop.yaml", corners);
  return dir.write("testbenches/mirror/testbench.yaml", yaml).parent_path();
}

json run_json(const std::filesystem::path& testbench, const std::filesystem::path& out, int workers, Answer& answer) {
  answer = run_logsgd("run " + testbench.string() + " --no-history --jobs " + std::to_string(workers) + " --out " + out.string());
  return json::parse(logsgd::read_text_file(out / "results.json"));
}

// Where and when a job ran is not part of its result.
json results_only(json document) {
  for (auto& job : document.at("jobs")) {
    job.erase("timing_s");
    job.erase("reused_deck");
  }
  for (const char* key : {"provenance", "wall_s", "workers"}) document.erase(key);
  return document;
}

}  // namespace

TEST_CASE("auto-stop on the sky130 mirror stops at 29 samples with 1 and 2 workers and the same report") {
  TempDir dir;
  const auto testbench = mirror_project(
      dir,
      "name: stop\nprocess: [tt]\nmonte_carlo: {samples: 100, mismatch: true, autostop: {yield: 0.9, confidence: 0.95}}\n",
      "  - result: m5.ratio\n"
      "    description: the 4/4 mirror's ratio within a wide window (every die passes)\n"
      "    applies_to: monte_carlo\n"
      "    min: 0.5\n"
      "    max: 2\n");
  Answer one, two;
  const json serial = run_json(testbench, dir.path() / "one", 1, one);
  const json parallel = run_json(testbench, dir.path() / "two", 2, two);
  INFO(one.output);
  INFO(two.output);
  const json& stop = serial.at("autostop").at(0);
  CHECK(stop.at("decision") == "above");
  CHECK(stop.at("samples") == 29);
  CHECK(stop.at("passed") == 29);
  CHECK(stop.at("saved") == 71);
  CHECK(stop.at("yield_bounds").at("low").get<double>() >= 0.9);
  CHECK(serial.at("jobs").size() == 30);  // the nominal job and samples 0 .. 28
  CHECK(serial.at("jobs").back().at("id") == "mirror_mismatch/tt_27C_1.80V_mm/28");
  CHECK(results_only(serial) == results_only(parallel));
  CHECK(one.output.find("auto-stop at tt_27C_1.80V_mm: yield ≥ 90 % shown at 95 % confidence after 29 samples "
                        "(29 passed; 71 of 100 not drawn)") != std::string::npos);
  CHECK(logsgd::read_text_file(dir.path() / "two" / "report.md").find("1 later sample with a stored result") != std::string::npos);
}

TEST_CASE("auto-stop on the sky130 mirror stops below a yield target its spread cannot meet") {
  TempDir dir;
  const auto testbench = mirror_project(
      dir,
      "name: stop\nprocess: [tt]\nmonte_carlo: {samples: 100, mismatch: true, autostop: {yield: 0.99, confidence: 0.95}}\n",
      "  - result: m1.ratio\n"
      "    description: the 1/1 mirror's ratio within 1 % of the nominal (few dies pass)\n"
      "    applies_to: monte_carlo\n"
      "    min: 1.09\n"
      "    max: 1.11\n");
  Answer answer;
  const json result = run_json(testbench, dir.path() / "below", 1, answer);
  INFO(answer.output);
  const json& stop = result.at("autostop").at(0);
  CHECK(stop.at("decision") == "below");
  CHECK(stop.at("samples").get<int>() <= 3);
  CHECK(stop.at("yield_bounds").at("high").get<double>() < 0.99);
  CHECK(stop.at("saved").get<int>() >= 97);
  // Failing samples fail the run, as without auto-stop; the mirror's aggregates need 3 samples and
  // are errors after fewer.
  CHECK(answer.code != 0);
  CHECK(result.at("counts").at("fail").get<int>() >= 1);
  CHECK(answer.output.find("auto-stop at tt_27C_1.80V_mm: yield below 99 % shown at 95 % confidence") != std::string::npos);
}
