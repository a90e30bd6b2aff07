// Power-up offset calibration (a testbench's `calibration:` block), as a trimmed chip does it
// before it learns: with the inputs at rest, a servo per trimmed quantity (a feedback source in
// the testbench) holds the quantity at its target at the DC point; the current each servo
// supplies is what that block's trim DAC must supply instead. The worker solves that DC point,
// sets every trim source to its DAC's nearest level (±full_scale, `bits` bits) and then runs the
// testbench's analyses. The servos stay on at the analyses' own DC point, which keeps it on the
// calibrated state (their current is then about zero), and the testbench switches them off at
// once (a PWL enable falling within the first nanosecond) so that they never act on what it
// measures. With Monte Carlo mismatch every sample is calibrated on its own draw.
// With calibration points (several DC points, e.g. two servo targets) a quantity's error is
// trimmed at more than one value: several trims per servo, each solved against its own servo over
// its own points (`points` below and CalibrationTrim::points).
#pragma once
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "quantity.h"
#include "sim_job.h"
#include "yaml_node.h"

namespace logsgd {

struct CalibrationTrim {
  // The trim DAC: an ideal one's current source, or the register of a transistor-level one (a
  // code register the testbench's template declares, code_register.h; its bits are the register's).
  std::string source;
  bool code_register = false;
  std::string servo;   // i(probe): the current its servo supplies at the calibration point, or a
                       // device's current (@m...[id]) that the trim brings to `target`
  std::optional<Quantity> full_scale;  // this DAC's own range, if not the block's
  std::optional<int> bits;             // this DAC's own resolution, if not the block's
  std::optional<Quantity> target;      // the value the servo vector is nulled to (default 0)
  // The calibration points this trim is solved over (0-based; empty: all). Points where a trim has
  // nothing to null (e.g. the forward path's states for a leak trim) are left out of its solve.
  std::vector<std::size_t> points;
  // Its servo's ruler (successive approximation, below): a trim whose current goes straight into
  // the node its servo holds, so that the servo's current falls by the trim's current.
  bool ruler = false;
};

// How the trims are found.
// - least_squares (idealised): the servos' currents are read, as no chip can read them.
// - successive_approximation: the servos' currents are never read. A chip sees, per detector, the
//   sign of its servo's current (a comparator: the weight drifting up or down while it is held at
//   the point, the error diode's current above or below its reference), so each current is
//   measured by a successive-approximation search on the servo's ruler trim, one comparator
//   decision per bit, every detector deciding in parallel at each step; the controller (the
//   harness, as a tester or an on-chip sequencer would) then solves the trims from those codes
//   exactly as least_squares does from the currents. A measurement resolves one LSB of the
//   ruler and saturates at its range.
enum class CalibrationAlgorithm { least_squares, successive_approximation };

struct CalibrationDef {
  std::vector<CalibrationTrim> trims;
  // Optional: several points, each a DC state setting voltage sources (name -> dc value, e.g. a
  // servo target) or a weighted sum of such states. Then every servo current at every point is
  // taken as a linear function of the trims (measured by moving each trim; trims on different
  // servos with the same points are moved together, one set of DC solves each), each trim acts
  // only on its own servo's currents at its own points, and the trims that null those in the
  // least-squares sense are set, refined from the currents they leave. Without points each trim
  // takes its servo's current.
  std::vector<CalibrationPoint> points;
  Quantity full_scale;  // a DAC spans [-full_scale, +full_scale) (a number or a parameter)
  int bits = 10;
  // Optional: the largest current a servo may supply at a calibration state (servos without a
  // target: a device current nulled to a target may deviate by its trim's range). A circuit with more
  // than one DC state (e.g. a weight read-out that can sit at zero current) can put a DC solve in the
  // wrong one, where a servo supplies its whole target. Beyond the limit the state is solved again
  // by a DC sweep from the deck's own state (continuation), and if that fails too the job fails.
  std::optional<Quantity> servo_limit;
  CalibrationAlgorithm algorithm = CalibrationAlgorithm::least_squares;
  // successive_approximation: the chip time one decision takes (the detector's integration time),
  // so that the report gives the calibration's duration on a chip.
  std::optional<Quantity> decision_time;
  // The decisions of one search at the learned weights: the rulers search in parallel, so as many
  // as the longest ruler has bits.
  int ruler_bits() const {
    int most = 0;
    for (const auto& trim : trims)
      if (trim.ruler) most = std::max(most, trim.bits.value_or(bits));
    return most;
  }
};

// A testbench's `calibration_at_learned_weights:` (learned_weights_calibration.h): per weight, the
// vector read, the source setting its servo's target, the servo and its storage-node trim (a
// ruler of the power-up calibration); the source switching the template into the clocked
// calibration; the samples the detectors wait before integrating, and the samples they
// integrate over (whole epochs, so that every sample weighs alike).
struct LearnedWeightsCalibrationDef {
  std::string mode;
  std::vector<LearnedWeightsCalibrationRequest::Weight> weights;
  int settle_samples = 0;
  int average_samples = 0;
};

// Checked against the power-up calibration `power_up` (each trim one of its rulers, on its servo)
// and the trainer's weights (one entry each, in order).
LearnedWeightsCalibrationDef parse_learned_weights_calibration(const YamlNode& node, const CalibrationDef& power_up,
                                                              const std::vector<std::string>& trainer_weights,
                                                              int samples_per_epoch);

CalibrationDef parse_calibration(const YamlNode& node, const std::map<std::string, double>& parameters);

struct TrimLevel {
  double value = 0;        // the DAC level applied
  bool saturated = false;  // the wanted value was outside the DAC's range: the part is out of trim
};

// The nearest of the 2^bits levels k * full_scale / 2^(bits-1), k in [-2^(bits-1), 2^(bits-1) - 1].
TrimLevel quantise_trim(double wanted, double full_scale, int bits);

// The trims t minimising |servo + jacobian * t| (servo currents stacked over the points; column k
// is the change of those currents per ampere of trim k).
std::vector<double> solve_trims(const std::vector<double>& servo, const std::vector<std::vector<double>>& jacobian_columns);

}  // namespace logsgd
