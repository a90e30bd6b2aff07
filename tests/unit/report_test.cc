// What a reviewer reads: the verdict banner with its counts, a table of contents, informative
// specs shown as info and not counted as passed (report, results.json, junit.xml), no yield for a
// spec without limits, the library per job row, and figures side by side.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "ekv_simulator.h"
#include "report.h"
#include "report_document.h"
#include "run.h"
#include "occurrences.h"
#include "temp_dir.h"
#include "text_file.h"

using namespace logsgd;

namespace {

RunOutput ekv_run(const TempDir& out, double n = 1.35) {
  EkvSimulator simulator(n);
  RunOptions options;
  options.testbench = "device_subthreshold";
  options.out_dir = out.path();
  return run_testbench(options, Pdk::from_environment(), LOGSGD_SOURCE_ROOT, simulator, 1);
}

}  // namespace

TEST_CASE("informative specs are info everywhere, never passes") {
  TempDir out;
  const RunResult r = ekv_run(out).result;
  // device_subthreshold: n_flat_decades of nfet and pfet have typ only, at 3 temperatures.
  CHECK(r.count(Status::info) == 6);
  CHECK(r.passed() + r.count(Status::info) == static_cast<int>(r.checks.size()));
  CHECK(r.exit_code() == 0);

  const std::string report = read_text_file(out.path() / "report.md");
  CHECK(report.find(fmt::format("> **Verdict: PASS** — {} pass · {} near · 0 fail · 0 error · 6 info",
                                r.count(Status::pass), r.count(Status::near))) != std::string::npos);
  CHECK(report.find("info (no pass/fail limit)") != std::string::npos);

  auto json = nlohmann::json::parse(read_text_file(out.path() / "results.json"));
  CHECK(json["counts"]["info"] == 6);
  CHECK(json["counts"]["pass"].get<int>() + json["counts"]["near"].get<int>() == r.passed());
  int info_checks = 0;
  for (const auto& c : json["checks"]) info_checks += c["status"] == "info";
  CHECK(info_checks == 6);

  const std::string junit = read_text_file(out.path() / "junit.xml");
  CHECK(occurrences(junit, "<skipped message=\"info: no pass/fail limit\"/>") == 6);
  CHECK(occurrences(junit, "<property name=\"logsgd.status\" value=\"info\"/>") == 6);
  CHECK(junit.find("skipped=\"6\"") != std::string::npos);
  CHECK(junit.find("errors=\"0\"") != std::string::npos);
}

TEST_CASE("the report opens with a verdict banner and a table of contents and rows per job name the library") {
  TempDir out;
  ekv_run(out, 1.9);  // n above its max: FAIL
  const std::string report = read_text_file(out.path() / "report.md");
  CHECK(report.find("> **Verdict: FAIL** — ") != std::string::npos);
  CHECK(report.find("**Contents**") != std::string::npos);
  CHECK(report.find("- [Specs](#specs)") != std::string::npos);
  CHECK(report.find("- [All measured values](#all-measured-values)") != std::string::npos);
  CHECK(report.find("| Measurement | Condition | Library | Min |") != std::string::npos);
  CHECK(report.find("| tt_27C_1.80V | combined |") != std::string::npos);
  CHECK(report.find(" dec |") != std::string::npos);
  CHECK(report.find("mdec") == std::string::npos);  // decades are not SI: no prefix

  const std::string html = read_text_file(out.path() / "report.html");
  CHECK(html.find("<div class=\"verdict FAIL\"><b>FAIL</b>") != std::string::npos);
  CHECK(html.find("<nav class=\"contents\">") != std::string::npos);
  CHECK(html.find("<a href=\"#specs\">Specs</a>") != std::string::npos);
  CHECK(html.find("<h2 id=\"specs\">Specs</h2>") != std::string::npos);
  CHECK(html.find("<td class=\"info\">info (no pass/fail limit)</td>") != std::string::npos);
  CHECK(html.find(".verdict.FAIL{background:") != std::string::npos);
}

TEST_CASE("heading anchors follow GitHub's rule") {
  CHECK(heading_anchor("Specs") == "specs");
  CHECK(heading_anchor("All measured values") == "all-measured-values");
  CHECK(heading_anchor("Operating point at tt_27C_1.80V") == "operating-point-at-tt_27c_180v");
  CHECK(heading_anchor("Ideal elements inside the DUT (XT)") == "ideal-elements-inside-the-dut-xt");
}

TEST_CASE("a Monte Carlo spec without limits shows no yield, a judged one does") {
  RunResult run;
  run.testbench = "t";
  SpecStatistics free_spec;
  free_spec.spec.result = "m.free";
  free_spec.condition_id = "tt";
  free_spec.samples = free_spec.measured = free_spec.passed = 10;
  free_spec.yield = 1;
  free_spec.judged = false;
  SpecStatistics limited = free_spec;
  limited.spec.result = "m.limited";
  limited.spec.max.value = 2;
  limited.judged = true;
  ReportDocument doc = build_report(run, {free_spec, limited});
  TempDir out;
  write_markdown(doc, out.path() / "report.md");
  const std::string report = read_text_file(out.path() / "report.md");
  INFO(report);
  CHECK(occurrences(report, "100.0 %") == 1);  // only the judged spec has a yield
  CHECK(report.find("| none (info) | — |") != std::string::npos);
}

TEST_CASE("a plot marked beside the previous one is drawn next to it") {
  RunResult run;
  run.testbench = "t";
  run.plots = {{"Weights", "plots/w.png", false}, {"Weight error", "plots/e.png", true}, {"Loss", "plots/l.png", false}};
  TempDir out;
  write_markdown(build_report(run, {}), out.path() / "report.md");
  const std::string report = read_text_file(out.path() / "report.md");
  CHECK(report.find("![Weights](plots/w.png) ![Weight error](plots/e.png) \n") != std::string::npos);
  CHECK(report.find("\n![Loss](plots/l.png)\n") != std::string::npos);
  ReportDocument doc = build_report(run, {});
  bool found = false;
  for (const auto& section : doc.sections)
    if (section.heading == "Plots") {
      REQUIRE(section.blocks.size() == 2);
      CHECK(section.blocks[0].kind == ReportBlock::Kind::figures);
      CHECK(section.blocks[0].figures.size() == 2);
      found = true;
    }
  CHECK(found);
}
