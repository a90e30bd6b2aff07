// Power-up calibration end to end on real sky130 mismatch: every Monte Carlo sample of a 2/2
// mirror is trimmed on its own draw to within the trim DAC's resolution, while its untrimmed
// twin keeps the full Pelgrom spread.
#include "calibration.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "pool_fixture.h"
#include "run.h"
#include "temp_dir.h"

using namespace logsgd;

TEST_CASE("calibration trims each mismatch sample of a mirror to within its DAC resolution") {
  TempDir out;
  RunOptions options = options_for("mirror_trim", out.path());
  options.corners = out.write("mc.yaml", "name: mc_test\nprocess: [tt]\ntemperature: [27]\nvdd: [1.8]\n"
                                         "monte_carlo: {samples: 8, mismatch: true}\n");
  RunResult r = run_with_workers(options, LOGSGD_SOURCE_ROOT, 2);
  REQUIRE(r.outcomes.size() == 9);
  std::set<double> trims;
  double untrimmed_min = 10, untrimmed_max = 0;
  for (const auto& o : r.outcomes) {
    REQUIRE_MESSAGE(o.ok(), o.failure());
    REQUIRE(o.sim.trims.size() == 1);
    const TrimResult& trim = o.sim.trims[0];
    CHECK_FALSE(trim.saturated);
    // The level set is the DAC's nearest to what the servo supplied (LSB = 8 nA / 2^12).
    CHECK(std::fabs(trim.applied - trim.wanted) <= 0.5 * 8e-9 / 4096 * 1.0001);
    CHECK(o.measured.at("calibration.itrim") == trim.applied);
    CHECK(o.measured.at("calibration.saturated") == 0);
    // With the servo off, the trimmed ratio is 1 within about one LSB (0.02 % of I_ref).
    CHECK(std::fabs(o.measured.at("trimmed.ratio") - 1) < 3e-4);
    trims.insert(trim.applied);
    untrimmed_min = std::min(untrimmed_min, o.measured.at("untrimmed.ratio"));
    untrimmed_max = std::max(untrimmed_max, o.measured.at("untrimmed.ratio"));
  }
  CHECK(trims.size() >= 8);                       // each sample's own draw, its own trim
  CHECK(untrimmed_max - untrimmed_min > 0.05);    // what the trim removed: several % of spread
}
