// Model loading and worker throughput, measured side by side in one run:
//   1. full `.lib sky130.lib.spice tt` vs the per-circuit deck (load time, same device current);
//   2. per-job cost on a loaded deck (alterparam + reset) vs loading the deck per job;
//   3. 2 workers vs 1 on the same jobs; peak memory of a worker.
// Usage: model_load_bench [--full-binned]   (the full binned library takes about a minute)
#include <fmt/format.h>
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstring>

#include "model_deck.h"
#include "worker_pool.h"

using namespace logsgd;
using Clock = std::chrono::steady_clock;

namespace {

const char* kCircuit = ".param vg=0.3\nVg g 0 {vg}\nVd d 0 0.9\nX1 d g 0 0 sky130_fd_pr__nfet_01v8 w=1 l=1 nf=1\n";

std::string with_full_library(const Pdk& pdk, ModelLibrary library) {
  return fmt::format("* full library\n.lib \"{}\" tt\n{}.op\n.end\n", pdk.library_file(library).string(), kCircuit);
}

std::string with_deck(const Pdk& pdk, ModelLibrary library, const std::string& analysis = ".op") {
  std::string netlist = "* per-circuit deck\n";
  for (const auto& line : build_model_deck(pdk, {library, "tt", {"nfet_01v8"}, false})) netlist += line + "\n";
  return netlist + kCircuit + analysis + "\n.end\n";
}

SimRequest make_request(const std::string& id, const std::string& netlist, double vg = 0.3) {
  SimRequest r;
  r.job_id = id;
  r.netlist = netlist;
  r.parameters = {{"vg", vg}};
  r.vectors = {"i(vd)"};
  r.timeout_s = 600;
  return r;
}

// One fresh worker per call, so every load is a first load.
SimResult run_fresh(const Pdk& pdk, const SimRequest& request) {
  WorkerPool pool({default_worker_path(), pdk.spinit().string(), 1, 60});
  SimResult out;
  pool.run({request}, [&](std::size_t, SimResult r) { out = std::move(r); });
  if (!out.ok) throw std::runtime_error(request.job_id + ": " + out.error);
  return out;
}

double wall_of(const Pdk& pdk, int workers, const std::vector<SimRequest>& requests) {
  WorkerPool pool({default_worker_path(), pdk.spinit().string(), workers, 60});
  auto start = Clock::now();
  pool.run(requests, [](std::size_t, SimResult r) {
    if (!r.ok) throw std::runtime_error(r.error);
  });
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  bool full_binned = argc > 1 && std::strcmp(argv[1], "--full-binned") == 0;
  Pdk pdk = Pdk::from_environment();

  fmt::print("## 1. Model loading: per-circuit deck vs full library (fresh worker each, nfet W/L=1/1 at V_GS=0.3 V)\n\n");
  fmt::print("| library | full .lib load | per-circuit deck load | speed-up | I_D full | I_D deck | difference |\n");
  fmt::print("|---|---|---|---|---|---|---|\n");
  std::vector<ModelLibrary> libraries{ModelLibrary::combined};
  if (full_binned) libraries.push_back(ModelLibrary::binned);
  for (ModelLibrary library : libraries) {
    SimResult full = run_fresh(pdk, make_request("full", with_full_library(pdk, library)));
    SimResult deck = run_fresh(pdk, make_request("deck", with_deck(pdk, library)));
    double i_full = -full.vectors.at("i(vd)").real.at(0), i_deck = -deck.vectors.at("i(vd)").real.at(0);
    fmt::print("| {} | {:.2f} s | {:.1f} ms | {:.0f}x | {:.6e} A | {:.6e} A | {:.2e} |\n", to_string(library),
               full.timing.load_s, 1e3 * deck.timing.load_s, full.timing.load_s / deck.timing.load_s, i_full, i_deck,
               std::fabs(i_full - i_deck) / i_full);
  }
  if (!full_binned) {
    SimResult deck = run_fresh(pdk, make_request("deck", with_deck(pdk, ModelLibrary::binned)));
    fmt::print("| binned | (skipped; --full-binned) | {:.1f} ms | | | {:.6e} A | |\n", 1e3 * deck.timing.load_s,
               -deck.vectors.at("i(vd)").real.at(0));
  }

  fmt::print("\n## 2. Per job: re-run of a loaded deck vs a deck load per job (combined, 200 jobs, 1 worker)\n\n");
  std::string netlist = with_deck(pdk, ModelLibrary::combined);
  std::vector<SimRequest> reuse, reload;
  for (int k = 0; k < 200; ++k) {
    double vg = 0.2 + 0.001 * k;
    reuse.push_back(make_request(fmt::format("r{}", k), netlist, vg));
    // A comment line makes each deck different text, so the worker must load it again.
    reload.push_back(make_request(fmt::format("l{}", k), fmt::format("* job {}\n", k) + netlist, vg));
  }
  double reuse_wall = wall_of(pdk, 1, reuse), reload_wall = wall_of(pdk, 1, reload);
  fmt::print("| mode | wall per job | ratio |\n|---|---|---|\n");
  fmt::print("| loaded deck, alterparam + reset + op | {:.2f} ms | 1 |\n", 1e3 * reuse_wall / 200);
  fmt::print("| deck loaded per job | {:.2f} ms | {:.1f}x slower |\n", 1e3 * reload_wall / 200, reload_wall / reuse_wall);

  fmt::print("\n## 3. Two workers vs one (120 DC sweeps of 321 points, 4 distinct decks)\n\n");
  std::vector<SimRequest> sweeps;
  for (int k = 0; k < 120; ++k)
    sweeps.push_back(make_request(fmt::format("s{}", k),
                                  fmt::format("* deck {}\n", k % 4) + with_deck(pdk, ModelLibrary::combined, ".dc vg 0 1.6 5m"),
                                  0));
  double one = wall_of(pdk, 1, sweeps), two = wall_of(pdk, 2, sweeps);
  fmt::print("| workers | wall | speed-up |\n|---|---|---|\n| 1 | {:.2f} s | 1 |\n| 2 | {:.2f} s | {:.2f}x |\n", one, two, one / two);

  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  fmt::print("\npeak worker memory (largest child RSS): {:.0f} MB\n", usage.ru_maxrss / 1024.0);
  return 0;
}
