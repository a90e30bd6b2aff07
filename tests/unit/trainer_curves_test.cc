// The trainer report's curves: the weight overlay and, beside it, each weight's error against the
// ideal reference, which the overlay cannot show at a few LSB.
#include <doctest/doctest.h>

#include "temp_dir.h"
#include "trainer.h"

using namespace logsgd;

TEST_CASE("the weight error curve is circuit - ideal at every sample end, per weight, in the weight's colour") {
  TempDir dir;
  dir.write("t.yaml",
            "dataset:\n  synthetic: {samples: 4, weights: [0.5], seed: 3}\nsample_time: 100u\nstart: 100u\n"
            "epochs: 2\nlambda: 0.01\ntau: 1m\nweights: [v(w1), v(wb)]\n");
  TrainerSetup setup = parse_trainer(YamlNode::load_file((dir.path() / "t.yaml").string()), dir.path(), {});
  // A circuit whose weights sit still at 0.1 and -0.2 while the ideal learns: the error is what
  // the reference moved away from them, with the sign circuit - ideal.
  std::map<std::string, SimVector> vectors;
  for (double t = 0; t <= setup.end_time() + 1e-12; t += 10e-6) {
    vectors["time"].real.push_back(t);
    vectors["v(w1)"].real.push_back(0.1);
    vectors["v(wb)"].real.push_back(-0.2);
  }
  TrainerCurves curves = trainer_curves(setup, vectors, {}, 27);
  REQUIRE(curves.weights.size() == 4);  // circuit and ideal per weight
  REQUIRE(curves.errors.size() == 2);
  WeightTrajectories circuit{vectors["time"].real, {vectors["v(w1)"].real, vectors["v(wb)"].real}};
  SgdrReference reference = trainer_reference(setup, circuit, {}, 27);
  for (std::size_t i = 0; i < 2; ++i) {
    const PlotSeries& error = curves.errors[i];
    CHECK(error.color == curves.weights[2 * i].color);
    CHECK_FALSE(error.dashed);
    // 4 samples x 2 epochs: one point at the end of each, 100 us apart from the first at 200 us.
    REQUIRE(error.x.size() == 8);
    for (std::size_t k = 0; k < error.x.size(); ++k) {
      CHECK(error.x[k] == doctest::Approx(100e-6 * (k + 2)));
      CHECK(error.y[k] == doctest::Approx(circuit.weights[i][0] - reference.at(error.x[k])(static_cast<int>(i))));
    }
  }
  CHECK(curves.errors[0].label == "w1 circuit - ideal");
  CHECK(curves.errors[1].label == "b circuit - ideal");
  CHECK(curves.errors[0].y.back() != doctest::Approx(0.0));  // the reference learns away from the still circuit
}
