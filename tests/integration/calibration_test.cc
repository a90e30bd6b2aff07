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
#include "text_file.h"

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

// A calibration point may add several DC states with weights (e.g. a clocked circuit's two clock
// states by their duty). With one trim whose servo slope is the same at every state, the
// least-squares trim of such a point is the weighted sum of what the single states want.
TEST_CASE("a calibration point of weighted DC states trims to the weighted sum of its states") {
  const std::filesystem::path source = std::filesystem::path(LOGSGD_SOURCE_ROOT) / "testbenches" / "mirror_trim";
  const std::string yaml = read_text_file(source / "testbench.yaml");
  const std::string deck = read_text_file(source / "mirror_trim.spice");
  const std::string anchor = "  full_scale: trim_range\n";
  const std::string corners = "corners: ../../corners/mismatch.yaml";
  REQUIRE(yaml.find(anchor) != std::string::npos);
  REQUIRE(yaml.find(corners) != std::string::npos);
  // The mirror's output voltage (source Vo1) moves the servo's current through DIBL.
  auto wanted_trim = [&](const std::string& name, const std::string& point) {
    TempDir out;
    std::string text = yaml;
    text.insert(text.find(anchor) + anchor.size(), "  points: [" + point + ", " + point + "]\n");
    text.replace(text.find(corners), corners.size(), "corners: nominal.yaml");
    out.write("tb/nominal.yaml", "name: " + name + "\nprocess: [tt]\ntemperature: [27]\nvdd: [1.8]\n");
    out.write("tb/mirror_trim.spice", deck);
    RunOptions options = options_for(out.write("tb/testbench.yaml", text), out.path() / "run");
    RunResult r = run_with_workers(options, LOGSGD_SOURCE_ROOT, 1);
    REQUIRE(r.outcomes.size() == 1);
    REQUIRE_MESSAGE(r.outcomes[0].ok(), r.outcomes[0].failure());
    REQUIRE(r.outcomes[0].sim.trims.size() == 1);
    return r.outcomes[0].sim.trims[0].wanted;
  };
  const double low = wanted_trim("low", "{vo1: 0.3}");
  const double high = wanted_trim("high", "{vo1: 1.5}");
  const double mixed = wanted_trim("mixed", "[{weight: 0.25, vo1: 0.3}, {weight: 0.75, vo1: 1.5}]");
  CHECK(std::fabs(high - low) > 1e-11);   // the states differ by far more than the tolerance
  CHECK(mixed == doctest::Approx(0.25 * low + 0.75 * high).epsilon(1e-3));
}
