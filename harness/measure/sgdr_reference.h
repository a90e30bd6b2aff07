// The ideal learner the circuit is judged against (MISSION.md §2): continuous-time SGD with L2
// regularisation driven by piecewise-constant samples,
//   tau · dw/dt = e·x − lambda·w,   e = y − w·x,
// where x includes a constant input for the bias (1 unless the schedule says otherwise). Within a sample the system is linear with constant
// coefficients, so it is solved exactly with a matrix exponential: the only error is rounding.
#pragma once
#include <Eigen/Dense>
#include <vector>

#include "dataset.h"

namespace logsgd {

struct SgdrSchedule {
  double tau = 1e-3;          // s
  double lambda = 0;          // regularisation
  double sample_time = 1e-4;  // T_s: each sample held this long (eta per sample = T_s/tau)
  int epochs = 1;             // the data set cycled this many times
  double start_time = 0;      // when the first sample is applied
  bool bias = true;           // learn a bias: a weight on a constant input
  double bias_input = 1;      // that input (a circuit may hold it below 1 to keep its currents positive)
};

class SgdrReference {
 public:
  SgdrReference(const Dataset& data, const SgdrSchedule& schedule, const Eigen::VectorXd& initial_weights);

  int weights() const { return static_cast<int>(initial_.size()); }
  double end_time() const;
  // The weights at time t (held at the initial value before start_time; after the end, with no
  // sample applied, they decay by the regularisation alone).
  Eigen::VectorXd at(double t) const;
  Eigen::VectorXd final_weights() const { return boundaries_.back(); }
  // x of sample k with the bias input appended.
  Eigen::VectorXd input(int sample) const;
  const SgdrSchedule& schedule() const { return schedule_; }

 private:
  Dataset data_;
  SgdrSchedule schedule_;
  Eigen::VectorXd initial_;
  std::vector<Eigen::VectorXd> boundaries_;  // weights at the start of each applied sample, + end
};

// The ridge solution w* = (R + lambda I)^-1 p with R = E[x x^T], p = E[x y] (bias input included).
Eigen::VectorXd ridge_solution(const Dataset& data, double lambda, bool bias = true, double bias_input = 1);

}  // namespace logsgd
