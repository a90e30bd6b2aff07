// The trainer report's curves: the weight overlay and, beside it, each weight's error against the
// ideal reference, which the overlay cannot show at a few LSB.
#include <doctest/doctest.h>

#include "temp_dir.h"
#include "trainer.h"

using namespace logsgd;

TEST_CASE("the weight error curve is circuit - ideal, per weight, in the weight's colour") {
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
  for (std::size_t i = 0; i < 2; ++i) {
    const PlotSeries& circuit = curves.weights[2 * i];
    const PlotSeries& ideal = curves.weights[2 * i + 1];
    const PlotSeries& error = curves.errors[i];
    CHECK(error.color == circuit.color);
    CHECK_FALSE(error.dashed);
    REQUIRE(error.y.size() == circuit.y.size());
    for (std::size_t k = 0; k < error.y.size(); ++k) CHECK(error.y[k] == doctest::Approx(circuit.y[k] - ideal.y[k]));
  }
  CHECK(curves.errors[0].label == "w1 circuit - ideal");
  CHECK(curves.errors[1].label == "b circuit - ideal");
  CHECK(curves.errors[0].y.front() == doctest::Approx(0.0));  // the reference starts at the circuit's weights
  CHECK(curves.errors[0].y.back() != doctest::Approx(0.0));   // and learns away from them
}
