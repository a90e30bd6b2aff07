// Monte Carlo cost per sample, measured side by side in one run on a 2-FET weak-inversion mirror:
//   harness (persistent worker, deck loaded once, setseed + reset per sample) against the pure
//   solve time of each sample, and against one `ngspice -b` process per sample loading the full
//   `.lib sky130.lib.spice tt_mm` (how CACE-style flows run).
// Usage: monte_carlo_bench [samples] [cli_samples]
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "model_deck.h"
#include "worker_pool.h"

using namespace logsgd;
using Clock = std::chrono::steady_clock;

static const char* kMirror =
    "Vr vdd r 0\nVdd vdd 0 1.8\nI1 r g 10n\nX1 g g 0 0 sky130_fd_pr__nfet_01v8 w=1 l=1 nf=1\n"
    "X2 o g 0 0 sky130_fd_pr__nfet_01v8 w=1 l=1 nf=1\nVo o 0 0.9\n";

int main(int argc, char** argv) {
  const int samples = argc > 1 ? std::atoi(argv[1]) : 200;
  const int cli_samples = argc > 2 ? std::atoi(argv[2]) : 2;
  Pdk pdk = Pdk::from_environment();

  fmt::print("| library | samples | wall per sample | solve per sample | reset per sample | overhead vs solve | ngspice -b full .lib per sample | speed-up |\n");
  fmt::print("|---|---|---|---|---|---|---|---|\n");
  for (ModelLibrary library : {ModelLibrary::combined, ModelLibrary::binned}) {
    std::string netlist = "* mirror MC\n";
    for (const auto& line : build_model_deck(pdk, {library, "tt", {"nfet_01v8"}, true})) netlist += line + "\n";
    netlist += std::string(kMirror) + ".op\n.end\n";
    std::vector<SimRequest> requests;
    for (int k = 0; k < samples; ++k) {
      SimRequest r;
      r.job_id = fmt::format("s{}", k);
      r.netlist = netlist;
      r.seed = static_cast<unsigned long>(k + 1);
      r.vectors = {"i(vo)"};
      requests.push_back(r);
    }
    WorkerPool pool({default_worker_path(), pdk.spinit().string(), 1, 30});
    double solve = 0, reset = 0;
    auto start = Clock::now();
    pool.run(requests, [&](std::size_t, SimResult r) {
      if (!r.ok) throw std::runtime_error(r.error);
      solve += r.timing.run_s;
      reset += r.timing.setup_s;
    });
    double wall = std::chrono::duration<double>(Clock::now() - start).count();

    // One ngspice process per sample with the full library's mismatch section.
    std::string deck_path =
        (std::filesystem::temp_directory_path() / fmt::format("logsgd_mc_bench_{}.cir", to_string(library))).string();
    std::ofstream(deck_path) << fmt::format("* mc\n.lib \"{}\" tt_mm\n{}.option seed=7\n.op\n.end\n",
                                            pdk.library_file(library).string(), kMirror);
    auto cli_start = Clock::now();
    for (int k = 0; k < cli_samples; ++k)
      if (std::system(fmt::format("ngspice -b {} > /dev/null 2>&1", deck_path).c_str()) != 0)
        throw std::runtime_error("ngspice -b failed");
    double cli = std::chrono::duration<double>(Clock::now() - cli_start).count() / cli_samples;
    std::remove(deck_path.c_str());
    fmt::print("| {} | {} | {:.2f} ms | {:.2f} ms | {:.2f} ms | {:.0f} % | {:.1f} s | {:.0f}x |\n", to_string(library),
               samples, 1e3 * wall / samples, 1e3 * solve / samples, 1e3 * reset / samples,
               100 * (wall - solve) / solve, cli, cli / (wall / samples));
  }
  return 0;
}
