// Which devices move which learned weight, and by how much per sigma: the mismatch sensitivity of
// a trainer's learning equilibrium. Servos hold every weight at a target while the trainer sits in
// DC states weighted by the time it spends in them: its learning state at points of the data set
// (learn duty) and its rest state (the rest). A weight stops moving where its servo's weighted
// current vanishes: those targets are the learning equilibrium, solved by Newton's method with a
// finite-difference Jacobian J. A device's threshold moved by its sigma changes the servo sums by
// dS; the equilibrium moves by -J^-1 dS, and the weights as read at rest change by the device's
// direct effect on the read-out plus the read-out's slope times that move. This is the static part
// of a die's weight error (the part a slow learner settles to); valid while the response is linear.
#pragma once
#include <Eigen/Dense>
#include <string>
#include <vector>

#include "dataset.h"
#include "dc_circuit.h"
#include "mismatch_device.h"
#include "sim_job.h"

namespace logsgd {

// Points whose weighted average of any quadratic function of z = (x_1 .. x_N, y) equals its
// average over the data set: the mean (weight 1 - d) and the mean plus and minus each principal
// axis of the covariance scaled by its standard deviation (weight 1/2 each), d inputs (N + 1:
// the features and the target; N + 2 with a chopped stream's bias sign). A
// translinear trainer's update is quadratic in the data (e*x with e linear in x and y), so 2d + 1
// DC states stand for every sample (5 instead of 16 at N = 1, 23 instead of 442 at N = 10), and
// each stays within one standard deviation of the mean along each axis.
struct WeightedPoint {
  double weight = 0;
  Eigen::VectorXd z;  // one value per column of the inputs
};
// `inputs`: samples x inputs (e.g. the features, the target and the bias sign of a chopped stream).
std::vector<WeightedPoint> moment_matching_points(const Eigen::MatrixXd& inputs);

// Fills result.sensitivity_base (the weights read at rest at the nominal equilibrium) and
// result.mismatch_contributions (each device's change of those weights at +1 sigma; NaN when the
// circuit has no DC solution with it shifted). With a calibration, every shifted die is
// re-calibrated (its trims re-solved by least squares over the calibration's points, unquantised),
// as each real die is trimmed on its own draw. Every source it sets is restored.
void learning_sensitivity(DcCircuit& circuit, const LearningSensitivityRequest& request,
                          const CalibrationRequest& calibration, const std::vector<MismatchDevice>& devices,
                          SimResult& result, std::string& error);

// As the worker runs it: checks the request's names, solves the deck's operating point and moves
// every MOSFET under the request's instance paths (all with a mismatch coefficient when none).
void learning_sensitivity(DcCircuit& circuit, const LearningSensitivityRequest& request,
                          const CalibrationRequest& calibration, SimResult& result, std::string& error);

}  // namespace logsgd
