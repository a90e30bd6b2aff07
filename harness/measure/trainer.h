// Trainer testbenches (a `trainer:` block in testbench.yaml): the harness turns a data set into
// piecewise-constant stimulus voltages (stim_x1 .. stim_xN, stim_y; one sample held T_s, the set
// cycled for E epochs; stim_training is 1 V until the last sample ends, then 0 V), runs the
// transient, reads the circuit's weights (normalised voltages w = V(node)) and judges them against
// the exact SGDr reference driven by the same samples.
#pragma once
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dataset.h"
#include "plot.h"
#include "quantity.h"
#include "sgdr_reference.h"
#include "sim_job.h"
#include "trainer_metrics.h"
#include "yaml_node.h"

namespace logsgd {

struct TrainerSetup {
  Dataset data;             // scaled onto [-1, 1], then by `amplitude`
  double amplitude = 1;
  // T_s and the settling time before the first sample: numbers or testbench parameters (so that a
  // sweep can scale them, e.g. T_s ~ 1/I_u at a constant eta). The doubles hold the values resolved
  // for one job (`at`); the nominal ones after parsing.
  Quantity sample_time_quantity{1e-5, ""};
  Quantity start_quantity{1e-5, ""};
  double sample_time = 1e-5;
  double start_time = 1e-5;
  // How long after the last sample the final weights are read (a number or a parameter; default
  // 0). A chip's trained weights are read with learning stopped and the circuit settled: the
  // testbench stops its learn clock when stim_training falls, and the data stay at the last
  // sample. The NMSE and the power keep the training window.
  Quantity readout_delay_quantity{0.0, ""};
  double readout_delay = 0;
  int epochs = 1;
  // Every sample followed by its negation (harness/config/dataset.h chopped): `data` is then the chopped
  // stream, and stim_sign (+-1 V, the bias input's sign) negates the bias input with it.
  bool chop = false;
  // The chip's data DAC: every x and y is one of its codes (dataset.h quantised_to_dac_codes), the
  // value the chip is given and the reference trains on. 0: the data as they are (an ideal DAC).
  int input_dac_levels = 0;
  bool bias = true;
  Quantity bias_input{1.0, ""};  // the constant input the bias weight multiplies
  // tau = weight_scale * slope_factor * C * U_T / I when `capacitance` and `current` are given (the
  // log-domain design equation, U_T at the job's temperature; weight_scale = W0/I_u converts the
  // cell's tau to that of weights normalised by W0), else the quantity `tau` itself.
  std::optional<Quantity> tau, capacitance, current;
  double slope_factor = 1;
  double weight_scale = 1;
  Quantity lambda;
  double weight_full_scale = 2;
  std::vector<std::string> weights;  // vectors holding the normalised weights (the bias last)
  // The chip's own error signal (MISSION.md §3, in-situ prediction error): a vector carrying
  // offset + sign * e * unit (e normalised like the data), e.g. the error node's diode current
  // I_u - e. Its mean square over the last epoch against ideal SGDr's residual tells "learned the
  // task" apart from "weights read out accurately".
  struct ErrorSignal {
    std::string vector;
    Quantity offset{0.0, ""}, unit{1.0, ""};
    double sign = 1;
  };
  std::optional<ErrorSignal> in_situ_error;
  // Final weights read through the chip's forward path (trainer `forward_readout`), as a user of
  // the chip reads what it applies: after the last sample, with learning stopped, the harness
  // presents probe inputs, one T_s each: x_i = +a then -a for every feature (the other inputs and
  // y at 0), then x = 0 with the bias input as trained (and negated, for a chopped stream). The
  // in-situ error signal's mean over the last T_s/2 of each probe gives y_hat = y - e there:
  // w_i = (y_hat(+a) - y_hat(-a)) / 2a, b = y_hat(0) / x_b (chopped: the difference of the two
  // bias signs / 2 x_b, as a chopped chip predicts). The effective bits then judge the weights the
  // forward path applies, so a forward multiplier's gain error is not a weight error; the storage
  // read-out (`weights`) still gives the trajectories, the NMSE and storage_effective_bits.
  // A probe lasts `probe_samples` T_s: the forward path's slowest settling (a multiplier input at
  // its lowest current) takes longer than the T_s/2 a sample gives it.
  struct ForwardReadout {
    double amplitude = 0;  // a (normalised like the data)
    int probe_samples = 1;
  };
  std::optional<ForwardReadout> forward_readout;
  std::string supply_source;         // voltage source whose current gives the power, e.g. vdd
  std::string supply_parameter = "vdd";

  double end_time() const { return start_time + sample_time * data.samples() * epochs; }
  double readout_time() const { return end_time() + readout_delay; }
  // Probes of the forward read-out (0 without one; harness/measure/trainer_metrics.h forward_probe_sequence)
  // and the T_s slots they take.
  int probes() const;
  int probe_slots() const { return forward_readout ? probes() * forward_readout->probe_samples : 0; }
  // Where the transient ends: the read-out time, or the last probe's end.
  double stop_time() const { return std::max(readout_time(), end_time() + probe_slots() * sample_time); }
  int weight_count() const { return data.features() + (bias ? 1 : 0); }
  double tau_at(const std::map<std::string, double>& parameters, double temperature_c) const;
  TrainerSetup at(const std::map<std::string, double>& parameters) const;  // times resolved for a job
  std::vector<std::string> vectors() const;  // what the measurement reads
};

TrainerSetup parse_trainer(const YamlNode& node, const std::filesystem::path& base_dir,
                           const std::map<std::string, double>& parameters);

// The voltage source driving stim_<input> (x1 .. xN, y).
std::string trainer_stimulus_source(const std::string& input);

// The stimulus sources (PWL, with continuation lines) and the transient analysis.
std::vector<std::string> trainer_netlist_lines(const TrainerSetup& setup);

struct TrainerOutcome {
  std::map<std::string, double> values;  // nmse_percent, effective_bits, power, ...
  WeightTrajectories circuit;
};

// The result naming the final error of weight i (0-based; the testbench's `weights` order).
std::string final_error_name(std::size_t weight_index);

TrainerOutcome measure_trainer(const TrainerSetup& setup, const std::map<std::string, SimVector>& vectors,
                               const std::map<std::string, double>& parameters, double temperature_c);

// The reference built for a job: same samples, the circuit's own weights at the start.
SgdrReference trainer_reference(const TrainerSetup& setup, const WeightTrajectories& circuit,
                                const std::map<std::string, double>& parameters, double temperature_c);

// Curves for the report: each weight, circuit against ideal; each weight's error (circuit - ideal at
// the end of every sample and at the read-out, where the overlay hides a small difference under
// the line width); and the loss (mean squared
// error on the data set of the weights at each sample boundary), circuit against ideal.
struct TrainerCurves {
  std::vector<PlotSeries> weights;
  std::vector<PlotSeries> errors;  // one per weight, in the colour of its weight
  std::vector<PlotSeries> loss;
};
TrainerCurves trainer_curves(const TrainerSetup& setup, const std::map<std::string, SimVector>& vectors,
                             const std::map<std::string, double>& parameters, double temperature_c);

}  // namespace logsgd
