#include "suite_run.h"

#include <fmt/format.h>

#include <chrono>

#include "config_error.h"
#include "folder_lock.h"
#include "history.h"
#include "junit.h"
#include "provenance.h"
#include "report_document.h"
#include "run.h"
#include "text_file.h"
#include "units.h"

namespace logsgd {

namespace fs = std::filesystem;

int SuiteResult::exit_code() const {
  int code = 0;
  for (const auto& e : entries) {
    if (e.exit_code() == 1) return 1;
    if (e.exit_code() == 2) code = 2;
  }
  return code;
}

SuiteResult run_suite(const SuiteOptions& options, const Pdk& pdk, const fs::path& project_root,
                      const SimulatorFactory& make_simulator, int workers) {
  const auto start = std::chrono::steady_clock::now();
  SuiteResult result;
  result.started_utc = utc_now_iso8601();
  result.suite = load_suite(options.suite, project_root);
  fs::create_directories(options.out_dir);
  // The combined reports are the suite's; the entries' folders take their own locks.
  FolderLock lock(options.out_dir);
  std::optional<History> history;
  if (options.history) history.emplace(*options.history);

  const std::size_t count = result.suite.entries.size();
  for (std::size_t k = 0; k < count; ++k) {
    const SuiteEntry& entry = result.suite.entries[k];
    SuiteEntryOutcome outcome{entry, options.out_dir / entry.name, std::nullopt, ""};
    RunOptions run;
    run.testbench = entry.testbench;
    run.corners = entry.corners;
    run.out_dir = outcome.out_dir;
    if (entry.library) {
      run.library = *entry.library;
      run.library_given = true;
    }
    run.seed = options.seed;
    run.fresh = options.fresh;
    run.retry_failed = options.retry_failed;
    run.progress = options.progress;
    run.command_line = options.command_line + " # entry " + entry.name;
    if (options.progress) fmt::print(options.progress, "[{}/{}] {}\n", k + 1, count, entry.name);
    try {
      std::unique_ptr<Simulator> simulator = make_simulator();
      outcome.result = run_testbench(run, pdk, project_root, *simulator, workers).result;
    } catch (const RunInterrupted&) {
      throw;  // the suite stops; running it again resumes every entry
    } catch (const std::exception& e) {
      // One broken entry must not hide the others' results: it is an error in the verdict.
      outcome.error = e.what();
    }
    // Outside the entry's try: a history that cannot be written stops the suite (exit 1, naming
    // the file), as it stops a run, rather than passing for a failed entry.
    if (history && outcome.result) history->record(*outcome.result, outcome.out_dir.string());
    if (options.progress) {
      const int code = outcome.exit_code();
      fmt::print(options.progress, "[{}/{}] {}: {}{}\n", k + 1, count, entry.name,
                 code == 0 ? "PASS" : code == 2 ? "FAIL" : "ERROR", outcome.error.empty() ? "" : " — " + outcome.error);
    }
    result.entries.push_back(std::move(outcome));
  }
  result.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  write_suite_reports(result, options.out_dir);
  return result;
}

namespace {

std::string verdict_word(int code) { return code == 0 ? "PASS" : code == 2 ? "FAIL" : "ERROR"; }

ReportBlock table_block(std::vector<std::string> header) {
  ReportBlock block;
  block.kind = ReportBlock::Kind::table;
  block.header = std::move(header);
  return block;
}

ReportDocument suite_document(const SuiteResult& result, const fs::path& out_dir) {
  ReportDocument doc;
  doc.title = fmt::format("{}: suite report", result.suite.name);
  ReportVerdict verdict;
  verdict.word = verdict_word(result.exit_code());
  int failed_entries = 0;
  for (const auto& e : result.entries) {
    failed_entries += e.exit_code() != 0;
    if (!e.result) {
      ++verdict.error;
      continue;
    }
    verdict.pass += e.result->count(Status::pass);
    verdict.near += e.result->count(Status::near);
    verdict.fail += e.result->count(Status::fail);
    verdict.error += e.result->errors();
    verdict.info += e.result->count(Status::info);
  }
  verdict.detail = fmt::format("{} of {} entries passed", result.entries.size() - failed_entries, result.entries.size());
  doc.verdict = verdict;

  ReportSection summary;
  if (!result.suite.description.empty()) {
    ReportBlock description;
    description.text = result.suite.description;
    summary.blocks.push_back(description);
  }
  ReportBlock facts = table_block({"suite", ""});
  facts.rows = {{"file", result.suite.path.string()},
                {"date (UTC)", result.started_utc},
                {"wall time", fmt::format("{:.1f} s", result.wall_s)},
                {"folder", out_dir.string()}};
  summary.blocks.push_back(facts);
  doc.sections.push_back(summary);

  ReportSection entries{"Entries", {}};
  ReportBlock table =
      table_block({"Entry", "Verdict", "pass", "near", "fail", "error", "info", "Corner set", "Library", "Wall time", "Report"});
  for (const auto& e : result.entries) {
    const std::string report = fmt::format("[report]({}/report.md)", e.entry.name);
    if (!e.result) {
      table.rows.push_back({e.entry.name, "ERROR: " + e.error, "—", "—", "—", "1", "—",
                            e.entry.corners ? e.entry.corners->stem().string() : "(testbench's)",
                            e.entry.library ? to_string(*e.entry.library) : "—", "—", "—"});
      continue;
    }
    const RunResult& r = *e.result;
    std::string libraries;
    for (const auto& [library, jobs] : r.provenance.libraries) libraries += (libraries.empty() ? "" : ", ") + library;
    table.rows.push_back({e.entry.name, verdict_word(r.exit_code()), std::to_string(r.count(Status::pass)),
                          std::to_string(r.count(Status::near)), std::to_string(r.count(Status::fail)),
                          std::to_string(r.errors()), std::to_string(r.count(Status::info)), r.corner_set, libraries,
                          fmt::format("{:.1f} s", r.wall_s), report});
  }
  entries.blocks.push_back(table);
  doc.sections.push_back(entries);

  // What needs a look, without opening every entry: failed and errored checks and jobs.
  ReportBlock failing = table_block({"Entry", "Job", "Library", "Measurement", "Value", "Status"});
  for (const auto& e : result.entries) {
    if (!e.result) continue;
    const RunResult& r = *e.result;
    for (const auto& c : r.checks) {
      if (c.verdict.status != Status::fail && c.verdict.status != Status::error) continue;
      const JobOutcome& o = r.outcome_of(c);
      failing.rows.push_back({e.entry.name, "`" + o.job.id + "`", o.library, "`" + c.spec.result + "`",
                              c.value ? format_value(*c.value, c.spec.unit) : "—",
                              fmt::format("{}{}", c.verdict.status == Status::fail ? "FAIL" : "ERROR",
                                          c.verdict.reason.empty() ? "" : ": " + c.verdict.reason)});
    }
    for (const auto& c : r.aggregate_checks)
      if (c.verdict.status == Status::fail || c.verdict.status == Status::error)
        failing.rows.push_back({e.entry.name, c.condition_id + " (across samples)", "", "`" + c.spec.result + "`",
                                c.value ? format_value(*c.value, c.spec.unit) : "—",
                                (c.verdict.status == Status::fail ? "FAIL: " : "ERROR: ") + c.verdict.reason});
  }
  if (!failing.rows.empty()) doc.sections.push_back({"Failed checks", {failing}});
  return doc;
}

}  // namespace

void write_suite_reports(const SuiteResult& result, const fs::path& out_dir) {
  std::vector<JunitSuite> suites;
  for (const auto& e : result.entries)
    suites.push_back(e.result ? junit_testsuite(*e.result, e.entry.name) : junit_error_suite(e.entry.name, e.error));
  const ReportDocument doc = suite_document(result, out_dir);
  try {
    write_markdown(doc, out_dir / "report.md");
    write_html(doc, out_dir / "report.html", out_dir);
    write_text_file(out_dir / "junit.xml", junit_document(result.suite.name, suites));
  } catch (const std::exception&) {
    // As for a run: no combined verdict may outlive a failed write.
    for (const char* file : {"report.md", "report.html", "junit.xml"}) {
      std::error_code ignored;
      fs::remove(out_dir / file, ignored);
    }
    throw;
  }
}

}  // namespace logsgd
