// A worker pool of real logsgd-worker processes on the PDK at $PDK_ROOT.
#pragma once
#include "model_deck.h"
#include "pdk.h"
#include "run.h"
#include "worker_pool.h"

inline logsgd::WorkerPoolOptions pool_options(const logsgd::Pdk& pdk, int workers) {
  return {logsgd::default_worker_path(), pdk.spinit().string(), workers, 5};
}

// A netlist of one unit nfet at V_GS = vg (a parameter), V_DS = 0.9 V, with the slim combined deck.
inline std::string nfet_netlist(const logsgd::Pdk& pdk, logsgd::ModelLibrary library = logsgd::ModelLibrary::combined) {
  std::string netlist = "* nfet\n";
  for (const auto& line : logsgd::build_model_deck(pdk, {library, "tt", {"nfet_01v8"}, false})) netlist += line + "\n";
  netlist += ".param vg=0.3\nVg g 0 {vg}\nVd d 0 0.9\nX1 d g 0 0 sky130_fd_pr__nfet_01v8 w=1 l=1 nf=1\n.op\n.end\n";
  return netlist;
}

// A transient that runs for several seconds: something to kill or time out.
inline const char* kLongTransient =
    "* long transient\nV1 in 0 sin(0 1 1k)\nR1 in out 1k\nC1 out 0 1n\n.tran 10n 4m 0 10n\n.end\n";

inline logsgd::SimRequest request(const std::string& id, const std::string& netlist, std::vector<std::string> vectors,
                                  double timeout_s = 60) {
  logsgd::SimRequest r;
  r.job_id = id;
  r.netlist = netlist;
  r.vectors = std::move(vectors);
  r.timeout_s = timeout_s;
  return r;
}

// Runs a testbench through a fresh pool of real workers. `options.testbench` may be a name under
// `root`/testbenches or a folder.
inline logsgd::RunResult run_with_workers(logsgd::RunOptions options, const std::filesystem::path& root, int workers = 1) {
  logsgd::Pdk pdk = logsgd::Pdk::from_environment();
  logsgd::WorkerPool pool(pool_options(pdk, workers));
  return logsgd::run_testbench(options, pdk, root, pool, workers).result;
}

inline logsgd::RunOptions options_for(const std::filesystem::path& testbench, const std::filesystem::path& out) {
  logsgd::RunOptions options;
  options.testbench = testbench;
  options.out_dir = out;
  return options;
}
