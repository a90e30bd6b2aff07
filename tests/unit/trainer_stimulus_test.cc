// The trainer's stimulus: PWL sources hold each sample for T_s; with T_s a parameter the times are
// brace expressions, so that one netlist serves every job of a sweep that scales T_s.
#include "trainer.h"

#include <doctest/doctest.h>

#include <sstream>

#include "temp_dir.h"
#include "trainer_metrics.h"

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

namespace {

// The points of one stimulus source, as "time value" pairs.
std::vector<std::pair<double, double>> source_points(const TrainerSetup& setup, const std::string& input) {
  std::string text;
  bool inside = false;
  for (const auto& line : trainer_netlist_lines(setup)) {
    if (line.rfind(trainer_stimulus_source(input) + " ", 0) == 0) {
      inside = true;
      text += line.substr(line.find("PWL(") + 4) + " ";
      continue;
    }
    if (inside && line == "+ )") break;
    if (inside) text += line.substr(1) + " ";
  }
  std::istringstream in(text);
  std::vector<std::pair<double, double>> points;
  double t, v;
  while (in >> t >> v) points.emplace_back(t, v);
  return points;
}

// A source's value in the middle of step k (samples, then probes).
double value_in_step(const std::vector<std::pair<double, double>>& points, const TrainerSetup& setup, int k) {
  const double t = setup.start_time + (k + 0.5) * setup.sample_time;
  double value = points.front().second;
  for (const auto& [time, v] : points)
    if (time <= t) value = v;
  return value;
}

}  // namespace

TEST_CASE("the forward read-out presents +-a per feature, then the bias input (negated too when chopped)") {
  TrainerSetup plain = load_trainer("sample_time: 100u\nstart: 200u\nforward_readout: {amplitude: 0.5}\nin_situ_error: {vector: v(e)}\n");
  REQUIRE(plain.forward_readout);
  CHECK(plain.probes() == 5);
  CHECK(joined(trainer_netlist_lines(plain)).find(".tran 2e-06 0.0009 0 5e-06") != std::string::npos);
  const int total = plain.data.samples() * plain.epochs;
  const double x1_probes[] = {0.5, -0.5, -0.5, 0.5, 0};
  for (int j = 0; j < 5; ++j) CHECK(value_in_step(source_points(plain, "x1"), plain, total + j) == x1_probes[j]);
  for (int j = 0; j < 5; ++j) {
    CHECK(value_in_step(source_points(plain, "y"), plain, total + j) == 0);
    CHECK(value_in_step(source_points(plain, "sign"), plain, total + j) == 1);
  }

  TrainerSetup chop = load_trainer("sample_time: 100u\nstart: 200u\nchop: true\nforward_readout: {}\nin_situ_error: {vector: v(e)}\n");
  const int chopped_total = chop.data.samples() * chop.epochs;
  CHECK(chop.probes() == 8);
  CHECK(chop.forward_readout->amplitude == chop.amplitude);
  const double signs[] = {1, 1, 1, 1, 1, -1, -1, 1};
  for (int j = 0; j < 8; ++j) CHECK(value_in_step(source_points(chop, "sign"), chop, chopped_total + j) == signs[j]);
  CHECK(value_in_step(source_points(chop, "x1"), chop, chopped_total + 5) == 0);
}

TEST_CASE("the forward read-out needs the error signal, and the storage read-out inside its probes") {
  CHECK_THROWS_WITH(load_trainer("sample_time: 100u\nforward_readout: {}\n"), doctest::Contains("in_situ_error"));
  CHECK_THROWS_WITH(load_trainer("sample_time: 100u\nreadout_delay: 1m\nforward_readout: {}\nin_situ_error: {vector: v(e)}\n"),
                    doctest::Contains("readout_delay"));
}

TEST_CASE("the forward read-out recovers the weights a forward path applies, its gain included, offsets cancelled when chopped") {
  // A chip whose forward path applies y_hat = g w x + b x_b s + offset + drift * t, seen through
  // e = y - y_hat: the probe order cancels the drift (the weights' leak while they are read).
  const double g = 1.03, w = 0.4, b = -0.3, xb = 0.5, offset = 0.02, drift = 30, a = 0.8, ts = 1e-4, start = 1e-3;
  for (bool chopped : {false, true}) {
    ForwardProbes probes{start, ts, ts / 2, a, xb, 1, true, chopped};
    const std::vector<ForwardProbe> sequence = forward_probe_sequence(1, true, chopped);
    const int steps = static_cast<int>(sequence.size());
    CHECK(steps == (chopped ? 8 : 5));
    std::vector<double> time, error;
    for (int k = 0; k < steps * 100; ++k) {  // each step's value held over [k, k + 1) with sharp edges
      const double t = start + k * ts / 100;
      const ForwardProbe& p = sequence[static_cast<std::size_t>(k / 100)];
      const double x = p.feature == 0 ? p.x_sign * a : 0;
      for (double edge : {t, t + 0.999 * ts / 100}) {
        time.push_back(edge);
        error.push_back(-(g * w * x + b * xb * p.bias_sign + offset + drift * (edge - start) * (chopped ? 0 : 1)));
      }
    }
    time.push_back(start + steps * ts);
    error.push_back(error.back());
    ForwardReadResult read = forward_readout(time, error, probes);
    CHECK(read.weights(0) == doctest::Approx(g * w));
    CHECK(read.weights(1) == doctest::Approx(chopped ? b : b + (offset + drift * 4.75 * ts) / xb));
    CHECK(read.offset == doctest::Approx(chopped ? offset : 0));
    CHECK(read.times(0) == doctest::Approx(start + 2.25 * ts));  // the mean of the windows ending at 1..4 T_s
    CHECK(read.times(1) == doctest::Approx(chopped ? start + 6.25 * ts : start + 4.75 * ts));
  }
}

TEST_CASE("forward read-out probes may last several T_s") {
  TrainerSetup setup = load_trainer("sample_time: 100u\nstart: 200u\nforward_readout: {amplitude: 0.5, probe_samples: 3}\nin_situ_error: {vector: v(e)}\n");
  const int total = setup.data.samples() * setup.epochs;
  CHECK(setup.probe_slots() == 15);
  CHECK(joined(trainer_netlist_lines(setup)).find(".tran 2e-06 0.0019 0 5e-06") != std::string::npos);
  const auto x1 = source_points(setup, "x1");
  for (int k = 0; k < 3; ++k) CHECK(value_in_step(x1, setup, total + k) == 0.5);
  for (int k = 3; k < 9; ++k) CHECK(value_in_step(x1, setup, total + k) == -0.5);
  CHECK(value_in_step(x1, setup, total + 12) == 0);
  CHECK_THROWS_WITH(load_trainer("sample_time: 100u\nforward_readout: {probe_samples: 0}\nin_situ_error: {vector: v(e)}\n"),
                    doctest::Contains("probe_samples"));
}

TEST_CASE("data for a chip's data DAC are its codes and switch at once") {
  TrainerSetup setup = load_trainer("sample_time: 100u\nstart: 200u\ninput_dac_levels: 256\n");
  CHECK(setup.input_dac_levels == 256);
  for (int s = 0; s < setup.data.samples(); ++s) {  // every value k/128 - 1
    CHECK(setup.data.x(s, 0) * 128 == doctest::Approx(std::round(setup.data.x(s, 0) * 128)).epsilon(1e-12));
    CHECK(setup.data.y(s) * 128 == doctest::Approx(std::round(setup.data.y(s) * 128)).epsilon(1e-12));
  }
  std::string text = joined(trainer_netlist_lines(setup));
  // the first edge spans T_s/10^9 (0.1 ps), not T_s/1000: the register's bits switch once
  CHECK(text.find("0.00019999999995 0") != std::string::npos);
  CHECK(text.find("0.00019995 ") == std::string::npos);
  CHECK_THROWS_AS(load_trainer("sample_time: 100u\ninput_dac_levels: 1\n"), ConfigError);
}
