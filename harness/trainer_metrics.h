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

}  // namespace logsgd
