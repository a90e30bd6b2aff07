// A trainer job's cost with warm DC solves (each from the last solution: NgspiceSession::solve)
// against cold ones (each from scratch, as ngspice's `op`), and of the calibration from decisions
// (each servo current measured by a successive-approximation search, its outcome bracketed in a
// few DC solves a reading) against least squares on read currents, side by side in one run: the same testbench
// and corner through `logsgd run`'s own path, one worker, per job the seconds of deck load,
// set-up (the power-up calibration) and analyses, and what each reached. Cold and warm least
// squares should reach the same trims within the DC solver's tolerance; the search, within its
// readings' resolution. (Cold DC solves under the search would take hours: not run.)
// Usage: calibration_bench [testbench] [corner file]   (default: trainer_1feature on its quick corner)
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "pdk.h"
#include "project.h"
#include "run.h"
#include "worker_pool.h"

using namespace logsgd;
namespace fs = std::filesystem;

namespace {

struct Measured {
  double wall_s = 0, load_s = 0, setup_s = 0, run_s = 0;
  RunResult result;
};

Measured run_once(const RunOptions& options, const Pdk& pdk, const fs::path& root) {
  const bool cold = options.cold_dc_solves;
  WorkerPool pool({default_worker_path(), pdk.spinit().string(), 1, 600});
  const auto start = std::chrono::steady_clock::now();
  Measured m;
  m.result = run_testbench(options, pdk, root, pool, 1).result;
  m.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const auto& o : m.result.outcomes) {
    if (!o.ok()) throw std::runtime_error(fmt::format("{} ({}): {}", o.job.id, cold ? "cold" : "warm", o.failure()));
    m.load_s += o.sim.timing.load_s;
    m.setup_s += o.sim.timing.setup_s;
    m.run_s += o.sim.timing.run_s;
  }
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string testbench = argc > 1 ? argv[1] : "trainer_1feature";
  const fs::path root = find_project_root(fs::current_path());
  const Pdk pdk = Pdk::from_environment();
  RunOptions options;
  options.testbench = testbench;
  if (argc > 2) options.corners = fs::absolute(argv[2]);
  options.fresh = true;
  const fs::path out = root / "results" / "bench-calibration";
  options.idealised_calibration = true;
  options.out_dir = out / "cold";
  options.cold_dc_solves = true;
  const Measured cold = run_once(options, pdk, root);
  options.out_dir = out / "warm";
  options.cold_dc_solves = false;
  const Measured warm = run_once(options, pdk, root);
  options.out_dir = out / "searched";
  options.idealised_calibration = false;
  const Measured searched = run_once(options, pdk, root);

  fmt::print("## {}: least squares on read currents with DC solves from scratch (cold) and from the last solution "
             "(warm), and the calibration from decisions (searched, warm), one worker\n\n", testbench);
  fmt::print("| | cold | warm | cold / warm | searched | searched / warm |\n|---|---|---|---|---|---|\n");
  auto row = [](const char* what, double c, double w, double s) {
    fmt::print("| {} | {:.1f} s | {:.1f} s | {:.1f}x | {:.1f} s | {:.1f}x |\n", what, c, w, w > 0 ? c / w : NAN, s,
               w > 0 ? s / w : NAN);
  };
  row("wall, the whole run", cold.wall_s, warm.wall_s, searched.wall_s);
  row("deck load", cold.load_s, warm.load_s, searched.load_s);
  row("set-up: power-up calibration", cold.setup_s, warm.setup_s, searched.setup_s);
  row("analyses (the transient)", cold.run_s, warm.run_s, searched.run_s);
  fmt::print("\n| job | value | cold | warm | searched |\n|---|---|---|---|---|\n");
  for (std::size_t j = 0; j < cold.result.outcomes.size() && j < warm.result.outcomes.size() &&
                          j < searched.result.outcomes.size(); ++j) {
    const auto& c = cold.result.outcomes[j];
    const auto& w = warm.result.outcomes[j];
    const auto& s = searched.result.outcomes[j];
    for (const auto& [name, value] : s.measured) {
      const bool shown = name.rfind("calibration.", 0) == 0 || name == "trainer.effective_bits" ||
                         name == "trainer.final_error_1" || name == "trainer.final_error_2";
      if (!shown) continue;
      auto of = [&](const JobOutcome& o) { return o.measured.count(name) ? fmt::format("{:.6g}", o.measured.at(name)) : "—"; };
      fmt::print("| {} | {} | {} | {} | {:.6g} |\n", s.job.id, name, of(c), of(w), value);
    }
  }
  return 0;
}
