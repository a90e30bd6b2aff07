// The calibration at the learned weights: the power-up calibration trims each weight's drift at
// DC points (rest and learning states at fixed weights), which leaves the errors that depend on
// where the weights are and on the data's dynamics (the synapse's W- and x-dependent error, the
// error signal still settling when a learning window opens). This calibration measures them
// where the trainer learns: a first training pass; each weight read; then the data presented
// again (the mode source), every weight held by its servo at what it learned, the learn clock
// running, while the testbench draws from each storage node what ideal SGDr's update and leak
// would at those weights (so a servo carries the chip's update minus the ideal one); each
// servo's current averaged over whole epochs is what the weight's storage node lacks at its
// operating point, and its storage-node trim takes it over. A second pass then learns from the
// power-up state with those trims.
//
// On a chip: the weights are read (the read-out, as the kit reads them), a sequencer computes
// ideal SGDr's error e = y - w . x from them (a digital multiply-accumulate per sample) for the
// reference currents of the ideal update, and each detector's
// decisions drive a successive-approximation search on the storage-node trim, one search step
// per integration window. The harness simulates the window once and sets the trim to the DAC
// level the search ends on: the trim's current goes straight into the node its servo holds, so
// the servo's mean current falls by exactly the trim's (calibration.h, "ruler").
#pragma once
#include <map>
#include <string>
#include <vector>

#include "sim_job.h"

namespace logsgd {

// What the calibration drives: sources, whole transients and their vectors (NgspiceSession).
class TransientCircuit {
 public:
  virtual ~TransientCircuit() = default;
  virtual void set_source(const std::string& source, double value) = 0;
  virtual double source(const std::string& source) = 0;
  // A transient saving only `vectors` (and time): the deck's own analysis when `arguments` is
  // empty, else `tran <arguments>`. "" or the error (a timeout included).
  virtual std::string transient(const std::string& arguments, const std::vector<std::string>& vectors) = 0;
  // A vector of the last transient; sets `error` when it is missing.
  virtual std::vector<double> transient_vector(const std::string& name, std::string& error) = 0;
  // Drops the transients' results, so that the next analysis's vectors are the only ones.
  virtual void discard_results() = 0;
};

// Runs the first pass and the clocked transient, moves each weight's storage-node trim (its
// TrimResult in `trims`: wanted and applied become the totals, saturated if the total is beyond
// the DAC) and fills result.first_pass_weights / learned_point_servo. Every source it moves is
// restored except the trims. The searches take as many decisions as the longest ruler has bits (the
// detectors search in parallel), one integration window each.
void calibrate_at_learned_weights(TransientCircuit& circuit, const LearnedWeightsCalibrationRequest& request,
                                 const CalibrationRequest& calibration, SimResult& result, std::string& error);

// The exact time average of a sampled signal over [from, to] (linear between its samples; unlike
// trainer_metrics' window_mean, which samples uniformly and would alias a signal periodic in
// T_s); NaN when the samples do not cover the interval.
double time_average(const std::vector<double>& time, const std::vector<double>& value, double from, double to);

}  // namespace logsgd
