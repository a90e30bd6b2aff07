// The history database and the trend over it: runs of device_subthreshold with the stand-in EKV
// simulator (n = 1.35 passes, 1.9 fails its max of 1.7) recorded, read back and compared.
#include "history.h"

#include <doctest/doctest.h>

#include "ekv_simulator.h"
#include "run.h"
#include "temp_dir.h"
#include "trend.h"

using namespace logsgd;

namespace {

RunResult ekv_run(double n, const TempDir& out) {
  EkvSimulator simulator(n);
  RunOptions options;
  options.testbench = "device_subthreshold";
  options.out_dir = out.path();
  options.fresh = true;
  return run_testbench(options, Pdk::from_environment(), LOGSGD_SOURCE_ROOT, simulator, 1).result;
}

HistoryRow row(long long run, std::optional<double> value, const std::string& status) {
  HistoryRow r;
  r.run_id = run;
  r.testbench = "t";
  r.job = "t/tt";
  r.result = "m.x";
  r.value = value;
  r.status = status;
  return r;
}

}  // namespace

TEST_CASE("every run's values are recorded with run id, time, kit version, job, library, unit and status") {
  TempDir dir, out;
  History history(dir.path() / "results" / "history.sqlite");
  const long long first = history.record(ekv_run(1.35, out), out.path().string());
  const long long second = history.record(ekv_run(1.35, out), out.path().string());
  const long long third = history.record(ekv_run(1.9, out), out.path().string());
  CHECK(second == first + 1);
  CHECK(third == second + 1);

  auto rows = history.rows({"nfet.n", "", "device_subthreshold/tt_27C_1.80V"});
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].run_id == first);
  CHECK(rows[2].run_id == third);
  CHECK(rows[0].testbench == "device_subthreshold");
  CHECK(rows[0].library == "combined");
  CHECK_FALSE(rows[0].kit_version.empty());
  CHECK(rows[0].started_utc.size() == 20);  // 2025-01-31T12:00:00Z
  CHECK(rows[0].corner_set.rfind("temperature", 0) == 0);
  CHECK(rows[0].status == "pass");
  CHECK(rows[2].status == "fail");
  CHECK(*rows[2].value == doctest::Approx(1.9).epsilon(0.02));
  CHECK(history.rows({"nfet.n", "", ""}).size() == 9);  // 3 temperatures x 3 runs
  CHECK(history.rows({"nfet.n", "other_testbench", ""}).empty());
  // A value no spec judges has no status; units come from the spec.
  auto unjudged = history.rows({"nfet.vt", "", "device_subthreshold/tt_27C_1.80V"});
  if (!unjudged.empty()) CHECK(unjudged[0].status.empty());
  CHECK(history.rows({"nfet.i_spec", "", "device_subthreshold/tt_27C_1.80V"})[0].unit == "A");

  auto points = trend(rows, {});
  REQUIRE(points.size() == 3);
  CHECK(points[0].note == "first run");
  CHECK_FALSE(points[1].regression);
  CHECK(points[1].note == "unchanged");
  CHECK(points[2].regression);
  CHECK(points[2].note.find("REGRESSION: pass -> fail") == 0);
  CHECK(points[2].note.find("moved +4") != std::string::npos);  // 1.34 -> 1.9, beyond 5 %
  CHECK(latest_regressed(points));
  CHECK_FALSE(latest_regressed({points[0], points[1]}));
}

TEST_CASE("a move within the tolerance is shown, beyond it a regression and the series are per job") {
  std::vector<HistoryRow> rows{row(1, 100, "pass"), row(2, 103, "pass"), row(3, 110, "pass"), row(4, std::nullopt, "error")};
  auto points = trend(rows, {0.05, 0});
  CHECK_FALSE(points[1].regression);
  CHECK(points[1].note == "+3 %");
  CHECK(points[2].regression);  // +6.8 % > 5 %
  CHECK(points[2].note == "REGRESSION: moved +6.8 % (tolerance 5 %)");
  CHECK(points[3].regression);  // pass -> error, and the value is gone
  CHECK(points[3].note == "REGRESSION: pass -> error; no value");
  // A wider tolerance lets the +6.8 % through; an absolute floor covers values near zero.
  CHECK_FALSE(trend(rows, {0.1, 0})[2].regression);
  std::vector<HistoryRow> near_zero{row(1, 0, ""), row(2, 1e-9, "")};
  CHECK(trend(near_zero, {0.05, 0})[1].regression);
  CHECK_FALSE(trend(near_zero, {0.05, 1e-6})[1].regression);
  // Another job starts its own series.
  HistoryRow other = row(5, 50, "fail");
  other.job = "t/ff";
  rows.push_back(other);
  CHECK(trend(rows, {})[4].note == "first run");
  // keep_last keeps the comparison with the run before the cut.
  auto last = keep_last(trend(rows, {}), 2);
  REQUIRE(last.size() == 3);
  CHECK(last[0].row.run_id == 3);
  CHECK(last[0].regression);
}

TEST_CASE("a failed job's judged results are recorded without a value, status error") {
  TempDir dir, out;
  EkvSimulator simulator(1.35, true);  // the second job fails
  RunOptions options;
  options.testbench = "device_subthreshold";
  options.out_dir = out.path();
  RunResult run = run_testbench(options, Pdk::from_environment(), LOGSGD_SOURCE_ROOT, simulator, 1).result;
  History history(dir.path() / "h.sqlite");
  history.record(run, out.path().string());
  auto rows = history.rows({"nfet.n", "", run.outcomes[1].job.id});
  REQUIRE(rows.size() == 1);
  CHECK_FALSE(rows[0].value);
  CHECK(rows[0].status == "error");
}
