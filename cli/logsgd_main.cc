// logsgd: the characterisation harness's command line.
//   logsgd run <testbench> [--corners FILE] [--jobs N] [--out DIR]   exit 0 pass, 1 error, 2 spec failed,
//                                                                     130 interrupted (re-run to resume)
//   logsgd suite <suite.yaml> [--out DIR] [--jobs N]                  every entry a run in DIR/<entry>; one verdict,
//                                                                     junit.xml and report (exit codes as for run)
//   logsgd list                                                       testbenches, cells, corner sets, measures
//   logsgd check-pdk                                                  PDK paths and a one-device simulation
//   logsgd history <result> [--testbench T] [--job J] [--last N] [--plot FILE.png]
//                                                                     a result across runs; exit 2 when the
//                                                                     newest run of a series regressed
//   logsgd --version                                                  the kit's version (git describe)
// Argument errors exit 1 like any other error; --help and --version exit 0.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <thread>

#include "check_pdk.h"
#include "command_line.h"
#include "folder_lock.h"
#include "history.h"
#include "kit_version.h"
#include "config_error.h"
#include "listing.h"
#include "pdk.h"
#include "project.h"
#include "result_store.h"
#include "run.h"
#include "run_summary.h"
#include "suite_run.h"
#include "trend.h"
#include "worker_pool.h"

namespace fs = std::filesystem;
using namespace logsgd;

// Ctrl-C stops the run: running jobs are killed, finished ones stay stored for the resume.
static std::atomic<bool> interrupted{false};
static void on_interrupt(int) { interrupted = true; }

static WorkerPool make_pool(const Pdk& pdk, int workers) {
  return WorkerPool({default_worker_path(), pdk.spinit().string(), workers, 10, &interrupted});
}

int main(int argc, char** argv) {
  CLI::App app{"logsgd: characterise log-domain subthreshold learning cells on sky130 through libngspice"};
  app.require_subcommand(1);
  app.set_version_flag("--version", kit_version(), "print the kit's version (git describe) and exit");

  RunOptions options;
  std::string library = "combined";
  std::string corners, out;
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  auto* run = app.add_subcommand("run", "run a testbench over a corner set and write report.md, results.json, junit.xml");
  run->add_option("testbench", options.testbench, "testbench folder, its testbench.yaml, or its name")->required();
  run->add_option("--corners", corners, "corner set YAML (default: the testbench's own, else corners/quick.yaml)");
  run->add_option("--jobs,-j", jobs, "parallel simulation workers")->check(CLI::Range(1, 256));
  run->add_option("--out", out, "output folder; re-running into it resumes (default: results/<testbench>-<corners>)");
  auto* library_option = run->add_option("--library", library, "model library: combined (fast) or binned (sign-off MC)")
                             ->check(CLI::IsMember({"combined", "binned"}));
  std::string seed;
  run->add_option("--seed", seed, "global seed for Monte Carlo and random draws (0 .. 2^64-1)")
      ->check([](const std::string& text) {
        return parse_seed(text) ? "" : "expected a whole number from 0 to 18446744073709551615";
      });
  run->add_option("--only", options.only_jobs,
                  "re-simulate just this job id (as listed in the report; repeatable); other stored results "
                  "are kept and the report covers every job with a result");
  run->add_flag("--fresh", options.fresh,
                "ignore results stored by an earlier run in the output folder (with --only: just those jobs')");
  run->add_flag("--retry-failed", options.retry_failed,
                "simulate again the jobs stored as failed (e.g. after fixing the harness or a model); keep the rest");
  run->add_flag("--cold-dc-solves", options.cold_dc_solves,
                "solve each DC state of the power-up calibration from scratch (ngspice's op, at the deck's "
                "tolerances), not from the last solution: slower; for a circuit whose DC state depends on the way to it");
  run->add_flag("--idealised-calibration", options.idealised_calibration,
                "find the power-up trims by least squares on the servos' read currents (no chip can read them: "
                "design exploration; the report says so), not from the detectors' decisions the testbench asks for");
  std::string shard;
  run->add_option("--shard", shard, "run shard k of N (k/N, 1-based), e.g. from a Slurm array task; merge the "
                                    "shards' folders with `logsgd merge`")
      ->check([](const std::string& text) { return parse_shard(text) ? "" : "expected k/N with 1 <= k <= N"; });

  std::string merge_out;
  std::vector<std::string> merge_from;
  auto* merge = app.add_subcommand("merge", "copy shards' stored results into one output folder; then `logsgd run "
                                            "... --out <folder>` writes the whole report without simulating");
  merge->add_option("out", merge_out, "the output folder to merge into")->required();
  merge->add_option("shards", merge_from, "the shards' output folders")->required();

  // Every run appends its results to the history database (trends: `logsgd history`).
  std::string history_path;
  bool no_history = false;
  run->add_option("--history", history_path, "history database the results are appended to (default: "
                                             "results/history.sqlite in the project)");
  run->add_flag("--no-history", no_history, "do not append this run to the history database");

  SuiteOptions suite_options;
  std::string suite_file, suite_out;
  auto* suite = app.add_subcommand("suite", "run every entry of a suite file (testbench x corner sets x libraries) "
                                            "into one folder: one verdict, junit.xml and report linking the entries'");
  suite->add_option("suite", suite_file, "suite YAML, e.g. suites/nightly.yaml")->required()->check(CLI::ExistingFile);
  suite->add_option("--out", suite_out, "output folder, one sub-folder per entry; re-running into it resumes "
                                        "(default: results/<suite>)");
  suite->add_option("--jobs,-j", jobs, "parallel simulation workers")->check(CLI::Range(1, 256));
  suite->add_option("--seed", seed, "global seed for every entry (0 .. 2^64-1)")->check([](const std::string& text) {
    return parse_seed(text) ? "" : "expected a whole number from 0 to 18446744073709551615";
  });
  suite->add_flag("--fresh", suite_options.fresh, "ignore the results stored by an earlier run of the suite");
  suite->add_flag("--retry-failed", suite_options.retry_failed, "simulate again the jobs stored as failed");
  suite->add_option("--history", history_path, "history database the entries' results are appended to (default: "
                                               "results/history.sqlite in the project)");
  suite->add_flag("--no-history", no_history, "do not append the entries to the history database");

  HistoryQuery query;
  int last = 0;
  TrendTolerance tolerance;
  std::string trend_plot;
  auto* history = app.add_subcommand("history", "show a result across the runs in the history database, flagging "
                                                "regressions against the previous run; exit 2 when the newest "
                                                "run of a series regressed");
  history->add_option("result", query.result, "result name, e.g. nfet.n or trainer.effective_bits")->required();
  history->add_option("--testbench", query.testbench, "only this testbench");
  history->add_option("--job", query.job, "only this job id, e.g. device_subthreshold/tt_27C_1.80V");
  history->add_option("--last", last, "only the last N runs of each job")->check(CLI::PositiveNumber);
  history->add_option("--history", history_path, "history database (default: results/history.sqlite in the project)");
  history->add_option("--plot", trend_plot, "also draw the result against the run as a PNG");
  history->add_option("--tolerance", tolerance.relative,
                      "relative move against the previous run that counts as a regression (default 0.05)")
      ->check(CLI::NonNegativeNumber);
  history->add_option("--abs-tolerance", tolerance.absolute,
                      "absolute move below which no change is a regression (default 0)")
      ->check(CLI::NonNegativeNumber);

  auto* list = app.add_subcommand("list", "list testbenches, cells, corner sets and measure functions");
  auto* check = app.add_subcommand("check-pdk", "check the PDK at $PDK_ROOT/$PDK and simulate one device per library");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 exits 0 for --help and --version and 1xx for argument errors; errors are 1 here, as
    // documented (2 is reserved for a failed spec).
    return app.exit(e) == 0 ? 0 : 1;
  }
  try {
    if (*merge) {
      fs::create_directories(merge_out);
      FolderLock lock(merge_out);  // a run writing the same store must not interleave with the merge
      ResultStore store(fs::path(merge_out) / "results.sqlite");
      int total = 0;
      for (const auto& dir : merge_from) total += store.merge_from(fs::path(dir) / "results.sqlite");
      fmt::print("merged {} job results into {}\n", total, (fs::path(merge_out) / "results.sqlite").string());
      return 0;
    }
    if (*list) {
      print_listing(find_project_root(fs::current_path()), stdout);
      return 0;
    }
    if (*history) {
      const fs::path file = history_path.empty() ? default_history_path(find_project_root(fs::current_path()))
                                                 : fs::path(history_path);
      if (!fs::exists(file)) throw ConfigError(fmt::format("no history database at {}", file.string()));
      // Compared over the whole history, then cut: the first shown run is still judged against its predecessor.
      auto points = trend(History(file).rows(query), tolerance);
      if (last > 0) points = keep_last(points, last);
      if (points.empty())
        throw ConfigError(fmt::format("no result '{}'{}{} in {}", query.result,
                                      query.testbench.empty() ? "" : " of testbench " + query.testbench,
                                      query.job.empty() ? "" : " for job " + query.job, file.string()));
      print_trend(points, stdout);
      if (!trend_plot.empty() && !plot_trend(points, query.result, trend_plot))
        throw std::runtime_error(fmt::format("{}: gnuplot could not draw the plot", trend_plot));
      const bool regressed = latest_regressed(points);
      if (regressed) fmt::print("the newest run regressed against the one before it (flagged REGRESSION above)\n");
      return regressed ? 2 : 0;
    }
    Pdk pdk = Pdk::from_environment();
    if (*check) {
      auto pool = make_pool(pdk, 1);
      return check_pdk(pdk, pool, stdout) ? 0 : 1;
    }
    if (*suite) {
      // The project the suite file lies in (suites/ of a project), else the one we stand in.
      fs::path root;
      try {
        root = find_project_root(fs::absolute(suite_file).parent_path());
      } catch (const ConfigError&) {
        root = find_project_root(fs::current_path());
      }
      suite_options.suite = fs::absolute(suite_file);
      suite_options.out_dir = fs::absolute(suite_out.empty() ? root / "results" / fs::path(suite_file).stem() : fs::path(suite_out));
      if (!no_history) suite_options.history = history_path.empty() ? default_history_path(root) : fs::path(history_path);
      if (!seed.empty()) suite_options.seed = *parse_seed(seed);
      suite_options.progress = stderr;
      suite_options.command_line = shell_command_line(argc, argv);
      std::signal(SIGINT, on_interrupt);
      std::signal(SIGTERM, on_interrupt);
      auto pools = [&]() -> std::unique_ptr<Simulator> {
        return std::make_unique<WorkerPool>(
            WorkerPoolOptions{default_worker_path(), pdk.spinit().string(), jobs, 10, &interrupted});
      };
      SuiteResult result = run_suite(suite_options, pdk, root, pools, jobs);
      const int code = result.exit_code();
      int passed = 0;
      for (const auto& e : result.entries) passed += e.exit_code() == 0;
      fmt::print("{}: {} — {} of {} entries passed in {:.1f} s\nreport: {}\n", result.suite.name,
                 code == 0 ? "PASS" : code == 2 ? "FAIL" : "ERROR", passed, result.entries.size(), result.wall_s,
                 (suite_options.out_dir / "report.md").string());
      return code;
    }
    if (!shard.empty()) {
      auto [k, n] = *parse_shard(shard);
      options.shard_index = k - 1;
      options.shard_count = n;
    }
    if (!seed.empty()) options.seed = *parse_seed(seed);
    options.command_line = shell_command_line(argc, argv);
    options.library = parse_model_library(library);
    options.library_given = library_option->count() > 0;
    if (!corners.empty()) options.corners = fs::absolute(corners);
    if (!out.empty()) options.out_dir = fs::absolute(out);
    options.progress = stderr;
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
    // A testbench given by path belongs to the project around it; a bare name to the one here.
    fs::path root = find_project_root(fs::exists(options.testbench) ? options.testbench : fs::current_path());
    auto pool = make_pool(pdk, jobs);
    RunOutput output = run_testbench(options, pdk, root, pool, jobs);
    const RunResult& r = output.result;
    // A shard holds part of the plan: its verdict is not the run's, so the history waits for the
    // merged report (the run without --shard).
    if (!no_history && options.shard_count == 1) {
      const fs::path file = history_path.empty() ? default_history_path(root) : fs::path(history_path);
      History(file).record(r, output.out_dir.string());
    }
    fmt::print("{}", run_summary(r, output.out_dir / "report.md"));
    return r.exit_code();
  } catch (const RunInterrupted& e) {
    fmt::print(stderr, "\n{}\n", e.what());
    return 130;
  } catch (const ConfigError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  }
}
