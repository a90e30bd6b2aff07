// Real sky130 simulations through persistent libngspice worker processes: deck reuse, failures
// that must not stop a run (ngspice errors, timeouts, a killed or crashed worker).
#include "worker_pool.h"

#include <doctest/doctest.h>
#include <signal.h>

#include <chrono>
#include <thread>

#include "pool_fixture.h"

using namespace logsgd;

static std::vector<SimResult> run_all(WorkerPool& pool, const std::vector<SimRequest>& requests) {
  std::vector<SimResult> results(requests.size());
  pool.run(requests, [&](std::size_t i, SimResult r) { results[i] = std::move(r); });
  return results;
}

TEST_CASE("a worker loads a deck once and re-runs it with new parameters bit-identical to a fresh load") {
  Pdk pdk = Pdk::from_environment();
  std::string netlist = nfet_netlist(pdk);
  std::vector<SimRequest> requests;
  for (double vg : {0.2, 0.3, 0.4}) {
    requests.push_back(request("vg" + std::to_string(vg), netlist, {"i(vd)"}));
    requests.back().parameters = {{"vg", vg}};
    requests.back().temperature_c = 85;
  }
  WorkerPool pool(pool_options(pdk, 1));
  auto results = run_all(pool, requests);
  for (const auto& r : results) REQUIRE_MESSAGE(r.ok, r.error);
  CHECK_FALSE(results[0].reused_deck);
  CHECK(results[1].reused_deck);
  CHECK(results[2].reused_deck);
  CHECK(results[1].timing.load_s == 0);
  // Subthreshold: about a decade per 80-90 mV at 85 °C.
  double i2 = -results[0].vectors.at("i(vd)").real.at(0), i3 = -results[1].vectors.at("i(vd)").real.at(0);
  CHECK(i3 / i2 > 5);
  CHECK(i3 / i2 < 30);

  WorkerPool fresh(pool_options(pdk, 1));
  auto alone = run_all(fresh, {requests[1]});
  REQUIRE(alone[0].ok);
  CHECK_FALSE(alone[0].reused_deck);
  CHECK(alone[0].vectors.at("i(vd)").real == results[1].vectors.at("i(vd)").real);
}

TEST_CASE("ngspice errors land in the job's result and the worker goes on") {
  Pdk pdk = Pdk::from_environment();
  std::vector<SimRequest> requests{
      request("unknown-subckt", "* bad\nV1 a 0 1\nX1 a 0 no_such_cell\n.op\n.end\n", {"v(a)"}),
      request("undefined-parameter", "* bad\nV1 a 0 1\nR1 a 0 {undefined_p*2}\n.op\n.end\n", {"v(a)"}),
      request("no-convergence", "* bad\nB1 out 0 V=(v(out)<0.5)?1:0\nR1 out 0 1k\n.op\n.end\n", {"v(out)"}),
      request("missing-vector", nfet_netlist(pdk), {"v(nowhere)"}),
      request("good", nfet_netlist(pdk), {"i(vd)"}),
  };
  WorkerPool pool(pool_options(pdk, 1));
  auto results = run_all(pool, requests);
  CHECK_FALSE(results[0].ok);
  CHECK(results[0].error.find("unknown subckt") != std::string::npos);
  CHECK_FALSE(results[1].ok);
  CHECK(results[1].error.find("undefined_p") != std::string::npos);
  CHECK_FALSE(results[2].ok);
  CHECK_FALSE(results[2].error.empty());
  CHECK_FALSE(results[3].ok);
  CHECK_MESSAGE(results[3].error.find("'v(nowhere)' was not produced") != std::string::npos, results[3].error);
  REQUIRE_MESSAGE(results[4].ok, results[4].error);
  // The undefined parameter leaves ngspice unusable (ControlledExit): that worker was replaced.
  CHECK(pool.workers_started() == 2);
}

TEST_CASE("a job over its timeout is halted and recorded - the worker runs the next job") {
  Pdk pdk = Pdk::from_environment();
  WorkerPool pool(pool_options(pdk, 1));
  auto results = run_all(pool, {request("long", kLongTransient, {"v(out)"}, 0.5), request("good", nfet_netlist(pdk), {"i(vd)"})});
  CHECK_FALSE(results[0].ok);
  CHECK(results[0].error.find("timeout") != std::string::npos);
  CHECK(results[1].ok);
  CHECK(pool.workers_started() == 1);
}

TEST_CASE("a worker killed mid-run yields a failed job with the reason - the run completes") {
  Pdk pdk = Pdk::from_environment();
  WorkerPool pool(pool_options(pdk, 1));
  std::thread killer([&] {
    for (int i = 0; i < 500 && pool.worker_pids().empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    for (int pid : pool.worker_pids()) ::kill(pid, SIGKILL);
  });
  auto results = run_all(pool, {request("long", kLongTransient, {"v(out)"}), request("after", nfet_netlist(pdk), {"i(vd)"})});
  killer.join();
  CHECK_FALSE(results[0].ok);
  CHECK(results[0].error.find("killed by signal 9") != std::string::npos);
  REQUIRE_MESSAGE(results[1].ok, results[1].error);
  CHECK(pool.workers_started() == 2);
}

TEST_CASE("combined and binned decks give the same subthreshold current") {
  Pdk pdk = Pdk::from_environment();
  WorkerPool pool(pool_options(pdk, 2));
  auto results = run_all(pool, {request("combined", nfet_netlist(pdk, ModelLibrary::combined), {"i(vd)"}),
                                request("binned", nfet_netlist(pdk, ModelLibrary::binned), {"i(vd)"})});
  REQUIRE(results[0].ok);
  REQUIRE(results[1].ok);
  double combined = results[0].vectors.at("i(vd)").real.at(0), binned = results[1].vectors.at("i(vd)").real.at(0);
  CHECK(combined == doctest::Approx(binned).epsilon(1e-3).scale(0));
}
