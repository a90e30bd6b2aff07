// Linearised mismatch analysis end to end: the mirror's output spread from each device's
// threshold sigma, against the Pelgrom arithmetic for weak inversion.
#include "mismatch_sensitivity.h"

#include <doctest/doctest.h>

#include <cmath>

#include "pool_fixture.h"
#include "run.h"
#include "temp_dir.h"

using namespace logsgd;

TEST_CASE("mismatch sensitivity ranks the mirror's two devices with the weak-inversion Pelgrom spread") {
  TempDir out;
  RunResult r = run_with_workers(options_for("mirror_views", out.path()), LOGSGD_SOURCE_ROOT);
  REQUIRE(r.outcomes.size() == 1);
  REQUIRE_MESSAGE(r.outcomes[0].ok(), r.outcomes[0].failure());
  const auto& contributions = r.outcomes[0].sim.mismatch_contributions;
  REQUIRE(contributions.size() == 2);  // the behavioural mirror is not a MOSFET
  const MismatchContribution* diode = nullptr;
  const MismatchContribution* output = nullptr;
  for (const auto& c : contributions) (c.w == doctest::Approx(4) ? diode : output) = &c;
  REQUIRE(diode != nullptr);
  REQUIRE(output != nullptr);
  // sigma_VT = A_VT/sqrt(W L) with the PDK's A_VT for nfet_01v8 (3.356 mV um).
  CHECK(diode->sigma_vth == doctest::Approx(3.356e-3 / 4).epsilon(1e-3).scale(0));
  CHECK(output->sigma_vth == doctest::Approx(3.356e-3 / std::sqrt(32.0)).epsilon(1e-3).scale(0));
  // A diode threshold up raises the shared gate and the output; the output device's lowers it.
  const double i_out = r.outcomes[0].sim.sensitivity_base.at(0);
  CHECK(diode->deltas.at(0) / i_out > 0);
  CHECK(output->deltas.at(0) / i_out < 0);
  // Weak inversion: dI/I = dV_T/(n U_T) with n about 1.5 at 10 nA: 2.2 % and 1.5 %.
  CHECK(std::fabs(diode->deltas[0] / i_out) == doctest::Approx(0.0217).epsilon(0.15));
  CHECK(std::fabs(output->deltas[0] / i_out) == doctest::Approx(0.0153).epsilon(0.15));
  auto ranked = rank_contributions(contributions, std::fabs(i_out));
  CHECK(ranked.front().contribution == diode);
  CHECK(std::filesystem::exists(out.path() / "report.md"));
}
