// The trainer's figures of merit, exactly as MISSION.md §3 defines them.
#pragma once
#include <Eigen/Dense>
#include <vector>

#include "dataset.h"
#include "sgdr_reference.h"

namespace logsgd {

struct WeightTrajectories {
  std::vector<double> time;                  // s, ascending (a simulator's adaptive time points)
  std::vector<std::vector<double>> weights;  // per weight, one value per time point (in weight units)
};

struct TrainerMetrics {
  double nmse_percent = 0;      // time-average of sum_i (w_c - w_id)^2 / (N W_FS^2), x100, over the window
  double effective_bits = 0;    // log2(W_FS / (sqrt(12) RMS(w_c,final - w_id,final)))
  double final_rms_vs_ideal = 0;
  double final_rms_vs_ridge = 0;
  std::vector<double> final_error;  // per weight: w_c,final - w_id,final (which weight carries the error)
  double prediction_mse = 0;    // of the circuit's final weights on the data set
  double ideal_prediction_mse = 0;
};

// `window`: [t_start, t_end] of the training; the average is time-weighted (trapezoid rule), so
// dense time points where the circuit switches do not count more. The final weights are the
// circuit's at t_read (>= t_end: read after the training has stopped) against the reference's
// there (its final weights decayed by the regularisation alone).
TrainerMetrics trainer_metrics(const WeightTrajectories& circuit, const SgdrReference& reference, const Dataset& data,
                               double lambda, double w_full_scale, double t_start, double t_end, double t_read);

// The final-weight figures of `m` (final_error, effective bits, RMS against ideal and ridge,
// prediction MSE) from the circuit's final weights and ideal SGDr's at the same time.
void set_final_weights(TrainerMetrics& m, const Eigen::VectorXd& final_circuit, const Eigen::VectorXd& final_ideal,
                       const SgdrReference& reference, const Dataset& data, double lambda, double w_full_scale);

// Mean of a sampled signal over [from, to] (linear interpolation at uniform points, so that the
// simulator's crowded time steps at data edges do not count more).
double window_mean(const std::vector<double>& time, const std::vector<double>& values, double from, double to);

// One probe of the forward read-out: feature `feature` (0-based; -1: none) at x_sign * a, the
// others and y at 0, the bias input's sign `bias_sign`; its prediction enters weight `weight`'s
// read-out with the sign `coefficient`. Per feature +a, -a, -a, +a, and for the bias input, when
// chopped, +, -, -, + (drift-free: the weights decay by the leak while they are read, and this
// order cancels any drift linear in time); unchopped, the bias input alone once.
struct ForwardProbe {
  int feature = -1;
  double x_sign = 0, bias_sign = 1;
  int weight = 0;
  double coefficient = 1;
};
std::vector<ForwardProbe> forward_probe_sequence(int features, bool bias, bool chopped);

// The forward read-out's probes (harness/measure/trainer.h TrainerSetup::forward_readout): from `start`,
// `duration` each, in the order of forward_probe_sequence; each read over its last `window`.
struct ForwardProbes {
  double start = 0, duration = 0, window = 0, amplitude = 1, bias_input = 1;
  int features = 0;
  bool bias = true, chopped = false;
};
// The weights the forward path applies, from the chip's error signal e (normalised) during the
// probes: w_i = sum over weight i's probes of coefficient * y_hat / (probes * a), a = the probe
// amplitude for a feature, x_b for the bias; and, for a chopped stream, the forward path's offset
// (its mean prediction at x = 0 over the bias input's signs: the sum node's offset, which the
// chopped bias weight does not absorb).
struct ForwardReadResult {
  Eigen::VectorXd weights;
  Eigen::VectorXd times;  // when each weight was read (the centre of its probes' windows): the
                          // weights decay by the leak meanwhile, so each is judged at its own time
  double offset = 0;
};
ForwardReadResult forward_readout(const std::vector<double>& time, const std::vector<double>& error,
                               const ForwardProbes& probes);

// The in-situ prediction error (MISSION.md §3): the chip's own error signal e(t) (normalised like
// the data) averaged over the settled second half of each sample of the last epoch, squared and
// averaged over the samples; and the same for ideal SGDr's residual y - w_id(t).x over the same
// windows. The second half of a sample: the forward path has settled after its data edge (the
// trainer's learn clock holds the first 30 % of a sample for that).
struct InSituError {
  double chip_mse = 0;
  double ideal_mse = 0;
};
InSituError in_situ_error(const std::vector<double>& time, const std::vector<double>& error,
                          const SgdrReference& reference, const Dataset& data, double start_time, double sample_time,
                          int epochs);

}  // namespace logsgd
