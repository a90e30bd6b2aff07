// Monte Carlo cost per sample, measured side by side in one run:
//   1. a 2-FET weak-inversion mirror (.op): the harness (persistent worker, deck loaded once,
//      setseed + reset per sample), with one mirror per deck and with K mirrors per deck (K
//      samples per reset), against the pure solve time and against one `ngspice -b` process per
//      sample loading the full `.lib sky130.lib.spice tt_mm` (how CACE-style flows run);
//   2. real cells with mismatch (their testbench decks as `logsgd run` renders them): a transient
//      of the Bernoulli integrator and of the synapse, wall per sample against the solve.
// Usage: monte_carlo_bench [samples] [cli_samples] [cell_samples]   (samples 0: the cell table only)
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "cell_view.h"
#include "model_deck.h"
#include "project.h"
#include "render.h"
#include "testbench.h"
#include "worker_pool.h"

using namespace logsgd;
using Clock = std::chrono::steady_clock;

namespace {

const char* kMirrorCell =
    ".subckt mirror vdd o\nI1 vdd g 10n\nX1 g g 0 0 sky130_fd_pr__nfet_01v8 w=1 l=1 nf=1\n"
    "X2 o g 0 0 sky130_fd_pr__nfet_01v8 w=1 l=1 nf=1\n.ends\n";
const char* kMirror =
    "Vr vdd r 0\nVdd vdd 0 1.8\nI1 r g 10n\nX1 g g 0 0 sky130_fd_pr__nfet_01v8 w=1 l=1 nf=1\n"
    "X2 o g 0 0 sky130_fd_pr__nfet_01v8 w=1 l=1 nf=1\nVo o 0 0.9\n";

struct Cost {
  double wall_s = 0, solve_s = 0, reset_s = 0;  // totals over all samples
};

// Runs the requests on one worker; `per_request` samples ride in each request.
Cost run_samples(const std::vector<SimRequest>& requests, const Pdk& pdk) {
  WorkerPool pool({default_worker_path(), pdk.spinit().string(), 1, 600});
  Cost cost;
  auto start = Clock::now();
  std::string error;  // thrown after the pool is done: its callback may run on another thread
  pool.run(requests, [&](std::size_t, SimResult r) {
    if (!r.ok && error.empty()) error = r.error;
    cost.solve_s += r.timing.run_s;
    cost.reset_s += r.timing.setup_s;
  });
  cost.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
  if (!error.empty()) throw std::runtime_error(error);
  return cost;
}

// The mirror deck with `copies` independent mirrors (each instance draws its own mismatch).
SimRequest mirror_request(const Pdk& pdk, ModelLibrary library, int copies, unsigned long seed) {
  SimRequest r;
  r.netlist = "* mirror MC\n";
  for (const auto& line : build_model_deck(pdk, {library, "tt", {"nfet_01v8"}, true})) r.netlist += line + "\n";
  r.netlist += std::string(kMirrorCell) + "Vdd vdd 0 1.8\n";
  for (int c = 0; c < copies; ++c) {
    r.netlist += fmt::format("XM{0} vdd o{0} mirror\nVo{0} o{0} 0 0.9\n", c);
    r.vectors.push_back(fmt::format("i(vo{})", c));
  }
  r.netlist += ".op\n.end\n";
  r.job_id = fmt::format("s{}", seed);
  r.seed = seed;
  return r;
}

void mirror_table(const Pdk& pdk, int samples, int cli_samples) {
  fmt::print("## 2-FET mirror (.op), {} samples\n\n", samples);
  fmt::print("| library | mirrors per deck | wall per sample | solve per sample | reset per sample | overhead vs solve | ngspice -b full .lib per sample | speed-up |\n");
  fmt::print("|---|---|---|---|---|---|---|---|\n");
  for (ModelLibrary library : {ModelLibrary::combined, ModelLibrary::binned}) {
    // One ngspice process per sample with the full library's mismatch section, run as CACE does:
    // in a run folder holding a copy of the PDK's .spiceinit (the binned library needs its
    // compatibility mode to parse).
    const auto run_dir = std::filesystem::temp_directory_path() / fmt::format("logsgd_mc_bench_{}", to_string(library));
    std::filesystem::create_directories(run_dir);
    std::filesystem::copy_file(pdk.spinit(), run_dir / ".spiceinit", std::filesystem::copy_options::overwrite_existing);
    std::ofstream(run_dir / "mc.cir") << fmt::format("* mc\n.lib \"{}\" tt_mm\n{}.option seed=7\n.op\n.end\n",
                                                    pdk.library_file(library).string(), kMirror);
    auto cli_start = Clock::now();
    for (int k = 0; k < cli_samples; ++k)
      if (std::system(fmt::format("cd '{}' && ngspice -b mc.cir > /dev/null 2>&1", run_dir.string()).c_str()) != 0)
        throw std::runtime_error("ngspice -b failed in " + run_dir.string());
    double cli = std::chrono::duration<double>(Clock::now() - cli_start).count() / cli_samples;
    std::filesystem::remove_all(run_dir);

    for (int copies : {1, 20}) {
      std::vector<SimRequest> requests;
      for (int k = 0; k < samples / copies; ++k)
        requests.push_back(mirror_request(pdk, library, copies, static_cast<unsigned long>(k + 1)));
      Cost c = run_samples(requests, pdk);
      const double n = static_cast<double>(requests.size() * copies);
      fmt::print("| {} | {} | {:.2f} ms | {:.2f} ms | {:.2f} ms | {:.0f} % | {:.1f} s | {:.0f}x |\n", to_string(library),
                 copies, 1e3 * c.wall_s / n, 1e3 * c.solve_s / n, 1e3 * c.reset_s / n,
                 100 * (c.wall_s - c.solve_s) / c.solve_s, cli, cli / (c.wall_s / n));
      std::fflush(stdout);
    }
  }
}

void cell_table(const Pdk& pdk, int samples) {
  const auto root = find_project_root(std::filesystem::current_path());
  fmt::print("\n## Cells with mismatch (tt, 27 °C), {} samples each (the first also loads the deck)\n\n", samples);
  fmt::print("| testbench | library | wall per sample | solve per sample | reset per sample | overhead vs solve |\n");
  fmt::print("|---|---|---|---|---|---|\n");
  for (const char* name : {"bernoulli_integrator_step", "synapse_learning"}) {
    Testbench tb = load_testbench(root / "testbenches" / name, root);
    std::vector<std::string> osdi;  // the behavioural views the testbench instantiates
    for (const auto& cell : tb.cells)
      if (!cell.verilog_a.empty())
        osdi.push_back(compile_verilog_a(cell.verilog_a, root / "results" / ".cache" / "osdi").string());
    for (ModelLibrary library : {ModelLibrary::combined, ModelLibrary::binned}) {
      const std::string netlist = render_netlist(tb, pdk, library, "tt", true);
      std::vector<SimRequest> requests;
      for (int k = 0; k < samples; ++k) {
        SimRequest r;
        r.job_id = fmt::format("{}/{}", name, k);
        r.netlist = netlist;
        r.parameters = tb.parameters;
        r.seed = static_cast<unsigned long>(k + 1);
        r.vectors = tb.vectors_wanted();
        r.timeout_s = tb.timeout_s;
        r.osdi_libraries = osdi;
        requests.push_back(r);
      }
      try {
        Cost c = run_samples(requests, pdk);
        fmt::print("| {} | {} | {:.1f} ms | {:.1f} ms | {:.1f} ms | {:.1f} % |\n", name, to_string(library),
                   1e3 * c.wall_s / samples, 1e3 * c.solve_s / samples, 1e3 * c.reset_s / samples,
                   100 * (c.wall_s - c.solve_s) / c.solve_s);
      } catch (const std::exception& e) {
        std::string reason = e.what();
        fmt::print("| {} | {} | failed: {} | | | |\n", name, to_string(library), reason.substr(0, reason.find('|')));
      }
      std::fflush(stdout);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int samples = argc > 1 ? std::atoi(argv[1]) : 200;
  const int cli_samples = argc > 2 ? std::atoi(argv[2]) : 2;
  const int cell_samples = argc > 3 ? std::atoi(argv[3]) : 10;
  Pdk pdk = Pdk::from_environment();
  if (samples > 0) mirror_table(pdk, samples, cli_samples);
  cell_table(pdk, cell_samples);
  return 0;
}
