// Auto-stop: the stop rule (one-sided Clopper-Pearson bounds against the yield target, decided
// over samples in index order), the corner-file syntax, what makes a sample pass, and a run that
// stops at the same sample with any number of workers, reports exactly the samples before it and
// resumes without simulating again.
#include "autostop.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "ekv_simulator.h"
#include "run.h"
#include "temp_dir.h"
#include "text_file.h"

using namespace logsgd;

namespace {

std::vector<bool> passes_with_failures(int samples, const std::set<int>& failing) {
  std::vector<bool> passes;
  for (int i = 0; i < samples; ++i) passes.push_back(!failing.count(i));
  return passes;
}

// The ideal EKV curves of EkvSimulator, with chosen jobs failed; records what was simulated.
class FailingJobs : public Simulator {
 public:
  explicit FailingJobs(std::set<std::string> failing) : failing_(std::move(failing)) {}
  void run(const std::vector<SimRequest>& requests, const ResultCallback& on_result) override {
    EkvSimulator inner(1.35);
    inner.run(requests, [&](std::size_t i, SimResult result) {
      simulated.push_back(requests[i].job_id);
      if (failing_.count(requests[i].job_id)) {
        result.ok = false;
        result.error = "forced failure";
        result.vectors.clear();
      }
      on_result(i, std::move(result));
    });
  }
  std::vector<std::string> simulated;

 private:
  std::set<std::string> failing_;
};

RunResult run_autostop(Simulator& simulator, const std::filesystem::path& corners, const std::filesystem::path& out,
                       int workers) {
  RunOptions options;
  options.testbench = "device_subthreshold";
  options.corners = corners;
  options.out_dir = out;
  return run_testbench(options, Pdk::from_environment(), LOGSGD_SOURCE_ROOT, simulator, workers).result;
}

std::string sample_id(int sample) { return "device_subthreshold/tt_27C_1.80V_mm/" + std::to_string(sample); }

}  // namespace

TEST_CASE("auto-stop bounds are one-sided Clopper-Pearson bounds at the confidence") {
  // 29 passes of 29: the one-sided 95 % lower bound is 0.05^(1/29) = 0.9019 (the two-sided 95 %
  // interval's would be 0.025^(1/29) = 0.8806).
  CHECK(one_sided_bounds(29, 29, 0.95).low == doctest::Approx(0.90186).epsilon(1e-4));
  CHECK(one_sided_bounds(28, 28, 0.95).low == doctest::Approx(0.89853).epsilon(1e-4));
  CHECK(one_sided_bounds(0, 1, 0.95).high == doctest::Approx(0.95).epsilon(1e-9));
  CHECK(one_sided_bounds(0, 2, 0.95).high == doctest::Approx(1 - std::sqrt(0.05)).epsilon(1e-9));
}

TEST_CASE("the stop rule decides at the shortest prefix whose bound lies wholly above or below the target") {
  const AutoStop ninety{0.9, 0.95};
  // Every sample passes: yield >= 90 % is shown after 29 samples (the zero-failure test), not 28.
  AutoStopDecision all = autostop_decision(std::vector<bool>(200, true), ninety);
  CHECK(all.verdict == AutoStopVerdict::above);
  CHECK(all.samples == 29);
  CHECK(all.passed == 29);
  CHECK(all.low >= 0.9);
  CHECK(autostop_decision(std::vector<bool>(28, true), ninety).verdict == AutoStopVerdict::undecided);
  // One failure within the first 29: 46 samples (the one-failure test); a later one comes too late.
  for (int at : {0, 5, 28}) {
    AutoStopDecision one = autostop_decision(passes_with_failures(200, {at}), ninety);
    CHECK(one.verdict == AutoStopVerdict::above);
    CHECK(one.samples == 46);
    CHECK(one.passed == 45);
  }
  CHECK(autostop_decision(passes_with_failures(200, {29}), ninety).samples == 29);
  // 99 % at 95 %: 299 samples without a failure.
  CHECK(autostop_decision(std::vector<bool>(400, true), {0.99, 0.95}).samples == 299);
  // Every sample fails: 1 - 0.05^(1/n) < 0.9 first at n = 2; a single failure already shows a
  // 99 % yield is out of reach.
  AutoStopDecision none = autostop_decision(std::vector<bool>(200, false), ninety);
  CHECK(none.verdict == AutoStopVerdict::below);
  CHECK(none.samples == 2);
  CHECK(none.high < 0.9);
  CHECK(autostop_decision({false, true, true}, {0.99, 0.95}).samples == 1);
  CHECK(autostop_decision({false, true, true}, {0.99, 0.95}).verdict == AutoStopVerdict::below);
  // Half pass, against a 50 % target: no prefix decides; the whole list is looked at.
  std::vector<bool> alternating;
  for (int i = 0; i < 40; ++i) alternating.push_back(i % 2 == 0);
  AutoStopDecision open = autostop_decision(alternating, {0.5, 0.95});
  CHECK(open.verdict == AutoStopVerdict::undecided);
  CHECK(open.samples == 40);
  CHECK(open.passed == 20);
  CHECK(open.low < 0.5);
  CHECK(open.high >= 0.5);
  // Samples after the decision change nothing: a run may simulate past it.
  std::vector<bool> longer = passes_with_failures(46, {5});
  for (int i = 0; i < 30; ++i) longer.push_back(false);
  CHECK(autostop_decision(longer, ninety).samples == 46);
}

TEST_CASE("auto-stop texts name the decision and the samples saved") {
  AutoStopResult stop;
  stop.condition_id = "tt_27C_1.80V_mm";
  stop.rule = {0.99, 0.95};
  stop.max_samples = 400;
  stop.decision = autostop_decision(std::vector<bool>(400, true), stop.rule);
  CHECK(stop.saved() == 101);
  CHECK(stop.text() == "yield ≥ 99 % shown at 95 % confidence after 299 samples (299 passed; 101 of 400 not drawn)");
  stop.decision = autostop_decision({false}, stop.rule);
  CHECK(stop.text() == "yield below 99 % shown at 95 % confidence after 1 sample (0 passed; 399 of 400 not drawn)");
  stop.max_samples = 10;
  stop.decision = autostop_decision(std::vector<bool>(10, true), stop.rule);
  CHECK(stop.text().rfind("not decided after 10 samples (the most the corner file draws): 10 passed", 0) == 0);
  CHECK(to_string(AutoStopVerdict::above) == "above");
}

TEST_CASE("a corner file's autostop is validated with file, line and key") {
  TempDir dir;
  auto corners = [&](const std::string& autostop) {
    return dir.write("c.yaml", "name: c\nmonte_carlo:\n  samples: 100\n  autostop: " + autostop + "\n");
  };
  CornerSet set = load_corner_set(corners("{yield: 0.99, confidence: 0.9}"));
  REQUIRE(set.monte_carlo->autostop);
  CHECK(set.monte_carlo->autostop->yield == 0.99);
  CHECK(set.monte_carlo->autostop->confidence == 0.9);
  CHECK(load_corner_set(corners("{yield: 0.9}")).monte_carlo->autostop->confidence == 0.95);  // the default
  CHECK_FALSE(load_corner_set(dir.write("n.yaml", "name: n\nmonte_carlo: {samples: 5}\n")).monte_carlo->autostop);
  CHECK_THROWS_WITH_AS(load_corner_set(corners("{yield: 1.2}")),
                       doctest::Contains("c.yaml:4: key 'monte_carlo.autostop.yield': the yield target is a fraction"),
                       ConfigError);
  CHECK_THROWS_WITH_AS(load_corner_set(corners("{yield: 0.9, confidence: 0.3}")),
                       doctest::Contains("key 'monte_carlo.autostop.confidence'"), ConfigError);
  CHECK_THROWS_WITH_AS(load_corner_set(corners("{yield: 0.9, confidense: 0.95}")), doctest::Contains("confidense"),
                       ConfigError);
  CHECK_THROWS_WITH_AS(load_corner_set(corners("{confidence: 0.95}")), doctest::Contains("yield"), ConfigError);
  CHECK_THROWS_WITH_AS(load_corner_set(corners("{yield: high}")), doctest::Contains("'high' is not a number"),
                       ConfigError);
}

TEST_CASE("a sample passes when every job simulated and every spec judging samples passed") {
  Testbench tb;
  Spec judged;
  judged.result = "m.x";
  judged.max.value = 1.0;
  Spec informative;
  informative.result = "m.y";
  informative.typ = {2.0, false};
  Spec corners_only = judged;
  corners_only.result = "m.z";
  corners_only.scope = Spec::Scope::nominal;
  tb.specs = {judged, informative, corners_only};
  CHECK(judges_samples(tb));
  CHECK_FALSE(judges_samples(tb, informative));
  CHECK_FALSE(judges_samples(tb, corners_only));
  JobOutcome good;
  good.sim.ok = true;
  good.measured = {{"m.x", 0.5}, {"m.y", 7}, {"m.z", 9}};  // m.y and m.z are not the sample's to fail
  CHECK(sample_passes(tb, {&good}));
  JobOutcome high = good;
  high.measured["m.x"] = 1.5;
  CHECK_FALSE(sample_passes(tb, {&good, &high}));  // one design-sweep value failing fails the sample
  JobOutcome unmeasured = good;
  unmeasured.measured.erase("m.x");
  CHECK_FALSE(sample_passes(tb, {&unmeasured}));
  JobOutcome failed = good;
  failed.sim.ok = false;
  failed.sim.error = "timestep too small";
  CHECK_FALSE(sample_passes(tb, {&failed}));
  tb.specs = {informative, corners_only};
  CHECK_FALSE(judges_samples(tb));
}

TEST_CASE("an auto-stopped run reports the same prefix of samples with 1 and 4 workers and resumes it") {
  TempDir dir;
  auto corners = dir.write("stop.yaml", "name: stop\nprocess: [tt]\nmonte_carlo: {samples: 100, mismatch: true, "
                                         "autostop: {yield: 0.9, confidence: 0.95}}\n");
  const std::set<std::string> failing{sample_id(5)};
  FailingJobs one(failing), four(failing);
  RunResult serial = run_autostop(one, corners, dir.path() / "one", 1);
  RunResult parallel = run_autostop(four, corners, dir.path() / "four", 4);
  // One failure: yield >= 90 % is shown after 46 samples, the nominal job and samples 0 .. 45 reported.
  for (const RunResult* r : {&serial, &parallel}) {
    REQUIRE(r->autostop.size() == 1);
    const AutoStopResult& stop = r->autostop[0];
    CHECK(stop.condition_id == "tt_27C_1.80V_mm");
    CHECK(stop.decision.verdict == AutoStopVerdict::above);
    CHECK(stop.decision.samples == 46);
    CHECK(stop.decision.passed == 45);
    CHECK(stop.saved() == 54);
    REQUIRE(r->outcomes.size() == 47);
    CHECK(r->outcomes.back().job.id == sample_id(45));
  }
  for (std::size_t i = 0; i < serial.outcomes.size(); ++i) {
    CHECK(serial.outcomes[i].job.id == parallel.outcomes[i].job.id);
    CHECK(serial.outcomes[i].job.seed == parallel.outcomes[i].job.seed);
    CHECK(serial.outcomes[i].measured == parallel.outcomes[i].measured);
  }
  CHECK(one.simulated.size() == 47);   // one sample per round: nothing past the decision
  CHECK(four.simulated.size() == 49);  // rounds of 4 samples: 48 simulated, 2 of them past it
  CHECK(serial.autostop[0].beyond == 0);
  CHECK(parallel.autostop[0].beyond == 2);
  CHECK(serial.exit_code() == 1);  // the failed simulation is an error, as in any run

  // results.json, report.md and the console say so; the numbers of the two runs are equal.
  auto json = nlohmann::json::parse(read_text_file(dir.path() / "one" / "results.json"));
  auto json_four = nlohmann::json::parse(read_text_file(dir.path() / "four" / "results.json"));
  CHECK(json.at("autostop") == json_four.at("autostop"));
  CHECK(json.at("checks") == json_four.at("checks"));
  CHECK(json.at("monte_carlo") == json_four.at("monte_carlo"));
  const auto& entry = json.at("autostop").at(0);
  CHECK(entry.at("decision") == "above");
  CHECK(entry.at("samples") == 46);
  CHECK(entry.at("saved") == 54);
  CHECK(entry.at("max_samples") == 100);
  CHECK(json.at("jobs").size() == 47);
  const std::string report = read_text_file(dir.path() / "one" / "report.md");
  CHECK(report.find("| auto-stop at tt_27C_1.80V_mm | yield ≥ 90 % shown at 95 % confidence after 46 samples "
                    "(45 passed; 54 of 100 not drawn) |") != std::string::npos);
  CHECK(read_text_file(dir.path() / "one" / "junit.xml")
            .find("<property name=\"logsgd.autostop.tt_27C_1.80V_mm\" value=\"yield ≥ 90 % shown") != std::string::npos);
  CHECK(read_text_file(dir.path() / "four" / "report.md").find("2 later samples with a stored result") != std::string::npos);

  // Resumed with one worker into the four-worker folder: the stored samples decide, none is simulated.
  FailingJobs again(failing);
  RunResult resumed = run_autostop(again, corners, dir.path() / "four", 1);
  CHECK(again.simulated.empty());
  CHECK(resumed.resumed == 47);
  REQUIRE(resumed.outcomes.size() == 47);
  CHECK(resumed.autostop[0].decision.samples == 46);
}

TEST_CASE("an auto-stopped run stops below the target and needs a spec that judges samples") {
  TempDir dir;
  auto corners = dir.write("stop.yaml", "name: stop\nprocess: [tt]\nmonte_carlo: {samples: 50, mismatch: true, "
                                         "autostop: {yield: 0.9}}\n");
  std::set<std::string> failing;
  for (int i = 0; i < 50; ++i) failing.insert(sample_id(i));
  FailingJobs simulator(failing);
  RunResult r = run_autostop(simulator, corners, dir.path() / "below", 1);
  REQUIRE(r.autostop.size() == 1);
  CHECK(r.autostop[0].decision.verdict == AutoStopVerdict::below);
  CHECK(r.autostop[0].decision.samples == 2);
  CHECK(r.outcomes.size() == 3);
  CHECK(simulator.simulated.size() == 3);

  // A testbench whose specs judge no sample has no yield to stop on.
  RunOptions options;
  options.testbench = "mirror_mismatch";
  options.corners = corners;
  options.out_dir = dir.path() / "mirror";
  EkvSimulator unused(1.35);
  CHECK_THROWS_WITH_AS(run_testbench(options, Pdk::from_environment(), LOGSGD_SOURCE_ROOT, unused, 1),
                       doctest::Contains("monte_carlo.autostop: no spec of testbench mirror_mismatch judges Monte "
                                         "Carlo samples"),
                       ConfigError);
  CHECK(unused.job_ids.empty());
}
