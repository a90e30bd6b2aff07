// What the parent asks a simulation worker to do, and what comes back.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace logsgd {

// Linearised mismatch analysis at the DC operating point: every MOSFET's threshold is shifted by
// its own sigma, one at a time, and the change of each output recorded (ranks the contributors
// to an output's spread far faster than Monte Carlo, and names them).
struct MismatchSensitivityRequest {
  std::vector<std::string> outputs;            // plain v(node) / i(source) names at the DC point
  std::map<std::string, double> vth_sigma_um;  // device type (nfet_01v8, ...) -> A_VT [V um]
  bool enabled() const { return !outputs.empty(); }
};

// One DC state of a calibration point: the voltage sources set for its solve, and the weight of
// its servo currents in the point's sum (a point may combine states, e.g. two clock states
// weighted by their duty).
struct CalibrationState {
  double weight = 1;
  std::map<std::string, double> sources;
};
using CalibrationPoint = std::vector<CalibrationState>;

// Power-up calibration before the analyses (harness/analysis/calibration.h): the servos' currents at the
// DC point (or at each calibration point) are read and each trim source set to its DAC level.
struct CalibrationRequest {
  std::vector<std::pair<std::string, std::string>> trims;   // trim current source, servo current i(probe)
  double full_scale = 0;                                    // trim DAC range [-full_scale, +full_scale) [A]
  std::map<std::string, double> trim_full_scales;           // the trims whose range differs from full_scale
  int bits = 0;
  std::map<std::string, int> trim_bits;                     // the trims whose resolution differs from bits
  std::vector<CalibrationPoint> points;                     // optional: solve the trims over these points
  double servo_limit = 0;                                   // a servo current beyond it: the wrong DC state (0: unchecked)
  std::map<std::string, double> servo_targets;              // servo vector -> the value it is nulled to (absent: 0)
  std::map<std::string, std::vector<std::size_t>> trim_points;  // trim -> the points it is solved over (absent: all)
  // The successive-approximation calibration (calibration.h): servo -> its ruler, the trim whose
  // search measures that servo's current from the current's sign alone. Empty: the servos'
  // currents are read (the idealised calibration).
  std::map<std::string, std::string> rulers;
  // The trims that are transistor-level DACs set through their registers' code lines
  // (harness/analysis/trim_register.h), each with its lines' logic 1 [V].
  std::map<std::string, double> registers;
  bool enabled() const { return !trims.empty(); }
  bool from_decisions() const { return !rulers.empty(); }
  // A servo's reading as the calibration nulls it: its value less its target.
  double deviation(const std::string& servo, double value) const {
    auto target = servo_targets.find(servo);
    return target == servo_targets.end() ? value : value - target->second;
  }
  double full_scale_of(const std::string& source) const {
    auto own = trim_full_scales.find(source);
    return own == trim_full_scales.end() ? full_scale : own->second;
  }
  int bits_of(const std::string& source) const {
    auto own = trim_bits.find(source);
    return own == trim_bits.end() ? bits : own->second;
  }
};

// The calibration at the learned weights (harness/analysis/learned_weights_calibration.h): after
// the power-up calibration, a first training pass (the deck's own transient); each weight read at
// the read-out time; then a clocked transient with every weight held by its servo at what it
// learned (`mode` at 1: the template keeps the servos on and presents the data's inputs with the
// targets its read weights predict, so that ideally e = 0), whose servo currents, averaged over
// [average_from, average_to], move each weight's storage-node trim (its servo's ruler). The
// analyses then run again from the power-up state: the second, judged, pass.
struct LearnedWeightsCalibrationRequest {
  struct Weight {
    std::string read;    // the weight as read, v(node) (normalised)
    std::string target;  // the voltage source that sets its servo's target (weight units)
    std::string servo;   // i(probe): the servo's current
    std::string trim;    // the storage-node trim the servo's mean current moves
  };
  std::string mode;  // voltage source set to 1 during the clocked transient
  std::vector<Weight> weights;
  double read_from = 0, read_to = 0;          // the first pass's weights: their mean here (learning stopped) [s]
  double average_from = 0, average_to = 0;    // the detectors' integration window [s]
  double step = 0, max_step = 0;              // the clocked transient's tran step and largest step [s]
  bool enabled() const { return !weights.empty(); }
};

// The learned weights' mismatch sensitivity (harness/analysis/learning_sensitivity.h): servos hold every
// weight at a target while the trainer sits in weighted DC states (its learning state at points
// of the data set, its rest state); the targets where the weighted servo currents vanish are the
// learning equilibrium, and each MOSFET's threshold moved by its sigma moves that equilibrium.
struct LearningSensitivityRequest {
  std::vector<CalibrationState> learn_states;  // weights include the learn duty
  CalibrationState rest_state;                 // weight 1 - duty; the weights are read out here
  std::vector<std::string> servos;             // one servo current i(probe) per weight
  std::vector<std::string> targets;            // per weight, the source that sets its servo's target (weight units)
  std::vector<std::string> readouts;           // the weights as the kit reads them, v(node)
  // Or the weights read through the forward path (a trainer's forward_readout): read-out i is
  // probe_constants[i] + sum_p probe_coefficients[i][p] * probe_vector in probe_states[p] (the
  // rest state with the probe inputs set, the weights held at their targets).
  std::vector<CalibrationState> probe_states;
  std::string probe_vector;
  std::vector<std::vector<double>> probe_coefficients;
  std::vector<double> probe_constants;
  bool forward_readout() const { return !probe_states.empty(); }
  std::vector<double> initial;                 // starting targets (the ideal learner's final weights)
  std::map<std::string, double> vth_sigma_um;  // device type -> A_VT [V um]
  std::vector<std::string> device_prefixes;    // instance paths to analyse (empty: every MOSFET)
  bool enabled() const { return !servos.empty(); }
};

struct SimRequest {
  std::string job_id;
  std::string netlist;                       // the whole deck; identical decks are loaded once per worker
  std::map<std::string, double> parameters;  // applied with alterparam on every job (condition values)
  double temperature_c = 27.0;
  unsigned long seed = 1;                    // ngspice setseed: makes random draws reproducible
  std::vector<std::string> vectors;          // names wanted back: v(out), i(vdd), time, sweep, ...
  std::vector<std::string> osdi_libraries;   // compiled Verilog-A the netlist uses (loaded with `osdi`)
  bool operating_point = false;              // also run `op` and report every MOSFET's bias
  // The power-up calibration's DC solves each from scratch (ngspice's `op`) at the deck's
  // tolerances, not from the last solution at the DC algorithms' (NgspiceSession::solve): the
  // calibration as it was before warm solves (bench/calibration_bench).
  bool cold_dc_solves = false;
  MismatchSensitivityRequest mismatch_sensitivity;
  LearningSensitivityRequest learning_sensitivity;
  CalibrationRequest calibration;
  LearnedWeightsCalibrationRequest learned_weights_calibration;
  double timeout_s = 60.0;
};

struct SimVector {
  std::vector<double> real;
  std::vector<double> imag;  // empty unless the vector is complex (AC)
};

// One MOSFET at the DC operating point (ngspice's BSIM4 instance values; signs as ngspice gives).
struct DeviceOperatingPoint {
  std::string name;   // flattened instance name, e.g. m.xt.x1.msky130_fd_pr__nfet_01v8
  std::string model;  // e.g. xt.x1:nshort_model
  double w = 0, l = 0;  // um, of one unit
  double id = 0, vgs = 0, vds = 0, vth = 0, vdsat = 0, gm = 0;
  double m = 1;  // parallel units (the X line's m); id and gm are the whole array's
};

// One device's share of the outputs' mismatch spread: sigma_vth = A_VT/sqrt(W L), and the
// outputs' change when its threshold moves by +sigma_vth (same order as the request's outputs).
struct MismatchContribution {
  std::string device;
  double w = 0, l = 0, sigma_vth = 0;
  std::vector<double> deltas;
};

// One trim as calibrated: what its servo supplied, the DAC level set in its place, and what its
// servo still supplies with every trim at its level (the largest magnitude over the points, A).
struct TrimResult {
  std::string source;
  double wanted = 0, applied = 0;
  bool saturated = false;
  double residual = 0;
};

struct SimTiming {
  double load_s = 0;   // parsing the deck (0 when the worker reused a loaded deck)
  double setup_s = 0;  // alterparam + reset + temperature
  double run_s = 0;    // the analyses themselves
  // Parts of setup_s: the power-up calibration, and the calibration at the learned weights' first
  // training pass and clocked transient.
  double calibration_s = 0, first_pass_s = 0, clocked_s = 0;
  // The DC algorithms' solves (calibration, sensitivities), and how many of them diverged from the
  // last solution and were solved again from scratch in a rebuilt circuit (the dear ones).
  int dc_solves = 0, dc_rebuilds = 0;
};

struct SimResult {
  std::string job_id;
  bool ok = false;
  std::string error;  // why it failed: ngspice's message, timeout, worker crash
  std::map<std::string, SimVector> vectors;
  std::vector<DeviceOperatingPoint> devices;  // when the request asked for the operating point
  std::vector<double> sensitivity_base;       // the outputs at the nominal DC point
  std::vector<MismatchContribution> mismatch_contributions;
  std::vector<TrimResult> trims;              // when the request asked for a calibration
  int calibration_decisions = 0;              // comparator decisions, each detector deciding in parallel (0: idealised)
  // The calibration at the learned weights: the first pass's weights (as read) and each servo's
  // mean current over the clocked transient, in the request's order.
  std::vector<double> first_pass_weights;
  std::vector<double> learned_point_servo;
  SimTiming timing;
  bool reused_deck = false;
  bool worker_exits = false;  // ngspice cannot recover after this job; the worker is replaced
  bool interrupted = false;   // the run was cancelled while this job ran: not a result, never stored
  std::string log_tail;  // last lines ngspice printed, kept for diagnosis
};

}  // namespace logsgd
