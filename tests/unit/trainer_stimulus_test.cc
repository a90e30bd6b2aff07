// The trainer's stimulus: PWL sources hold each sample for T_s; with T_s a parameter the times are
// brace expressions, so that one netlist serves every job of a sweep that scales T_s.
#include "trainer.h"

#include <doctest/doctest.h>

#include "temp_dir.h"

using namespace logsgd;

namespace {

TrainerSetup load_trainer(const std::string& times) {
  TempDir dir;
  dir.write("t.yaml", "dataset:\n  synthetic: {samples: 2, weights: [0.5], seed: 3}\n" + times +
                          "epochs: 1\nlambda: 0.01\ntau: 1m\nweights: [v(w1), v(wb)]\n");
  return parse_trainer(YamlNode::load_file((dir.path() / "t.yaml").string()), dir.path(),
                       {{"ts", 100e-6}, {"st", 200e-6}});
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

}  // namespace

TEST_CASE("numeric sample times are printed as numbers") {
  TrainerSetup setup = load_trainer("sample_time: 100u\nstart: 200u\n");
  std::string text = joined(trainer_netlist_lines(setup));
  CHECK(text.find("0.00019995 0") != std::string::npos);  // the first edge starts T_s/2000 early
  CHECK(text.find(".tran 2e-06 0.0004 0 5e-06") != std::string::npos);
  CHECK(text.find('{') == std::string::npos);
}

TEST_CASE("parameter sample times become brace expressions resolved per job") {
  TrainerSetup setup = load_trainer("sample_time: ts\nstart: st\n");
  std::string text = joined(trainer_netlist_lines(setup));
  CHECK(text.find("{st+1*ts-1*ts/2000}") != std::string::npos);
  CHECK(text.find(".tran {ts/50} {st+2*ts+0} 0 {ts/20}") != std::string::npos);
  TrainerSetup job = setup.at({{"ts", 1e-3}, {"st", 2e-3}});
  CHECK(job.sample_time == doctest::Approx(1e-3));
  CHECK(job.end_time() == doctest::Approx(4e-3));
}

TEST_CASE("a read-out delay runs the transient past the last sample, and stim_training marks the end") {
  TrainerSetup setup = load_trainer("sample_time: 100u\nstart: 200u\nreadout_delay: 100u\n");
  std::string text = joined(trainer_netlist_lines(setup));
  CHECK(text.find(".tran 2e-06 0.0005 0 5e-06") != std::string::npos);
  CHECK(text.find("Vstim_training stim_training 0 PWL(0 1 0.00039995 1 0.00040005 0)") != std::string::npos);
  CHECK(setup.readout_time() == doctest::Approx(500e-6));

  TrainerSetup swept = load_trainer("sample_time: ts\nstart: st\nreadout_delay: ts\n");
  CHECK(joined(trainer_netlist_lines(swept)).find(".tran {ts/50} {st+2*ts+ts} 0 {ts/20}") != std::string::npos);
  CHECK(swept.at({{"ts", 1e-3}, {"st", 2e-3}}).readout_time() == doctest::Approx(5e-3));
}

TEST_CASE("a negative read-out delay is refused with its key") {
  try {
    load_trainer("sample_time: 100u\nstart: 200u\nreadout_delay: -1u\n");
    FAIL("a negative readout_delay was accepted");
  } catch (const std::exception& e) {
    CHECK(std::string(e.what()).find("readout_delay") != std::string::npos);
  }
}

TEST_CASE("a chopped stream follows every sample by its negation and drives the bias input's sign") {
  TrainerSetup plain = load_trainer("sample_time: 100u\n");
  TrainerSetup chop = load_trainer("sample_time: 100u\nchop: true\n");
  REQUIRE(chop.chop);
  REQUIRE(chop.data.samples() == 2 * plain.data.samples());
  for (int s = 0; s < plain.data.samples(); ++s) {
    CHECK(chop.data.x(2 * s, 0) == plain.data.x(s, 0));
    CHECK(chop.data.x(2 * s + 1, 0) == -plain.data.x(s, 0));
    CHECK(chop.data.y(2 * s + 1) == -plain.data.y(s));
    CHECK(chop.data.bias_sign_of(2 * s) == 1);
    CHECK(chop.data.bias_sign_of(2 * s + 1) == -1);
  }
  // The stim_sign source's points: +1 at rest, then +1, -1 per pair of samples.
  auto sign_source = [](const TrainerSetup& setup) {
    std::string text;
    bool inside = false;
    for (const auto& line : trainer_netlist_lines(setup)) {
      if (line.rfind("vstim_sign ", 0) == 0) inside = true;
      if (inside) text += line + "\n";
      if (inside && line == "+ )") break;
    }
    return text;
  };
  const std::string chopped_sign = sign_source(chop);
  CHECK(chopped_sign.find("+ 0 1 ") != std::string::npos);
  CHECK(chopped_sign.find(" -1") != std::string::npos);
  const std::string plain_sign = sign_source(plain);
  CHECK_FALSE(plain_sign.empty());  // always there: +1 throughout
  CHECK(plain_sign.find(" -1") == std::string::npos);
}
