// The small interface the worker's DC algorithms (power-up calibration, DC continuation, the
// mismatch and learning-equilibrium sensitivities) drive: set a source, solve the operating point
// or sweep to it, read values, move a device's threshold, list the MOSFETs. NgspiceSession
// implements it on libngspice; unit tests implement it in memory with a known answer.
#pragma once
#include <string>
#include <vector>

#include "sim_job.h"

namespace logsgd {

class DcCircuit {
 public:
  virtual ~DcCircuit() = default;
  // An independent source's DC value (a trim DAC level, a calibration point's setting).
  virtual void set_source(const std::string& source, double value) = 0;
  virtual double source(const std::string& source) = 0;
  // Solves the DC operating point, possibly from the last solution (NgspiceSession does so while
  // it calibrates: a circuit with several DC states then stays in the one it was in where that
  // state still exists); the simulator's first error, or empty when it converged.
  virtual std::string solve() = 0;
  // A DC sweep of `source` from `from` to `to` in `steps` steps, each step starting from the last
  // solution; values() then reads its final point. The simulator's first error, or empty.
  virtual std::string sweep(const std::string& source, double from, double to, int steps) = 0;
  // Whether a DC sweep can move `source` step by step (a digital code cannot: it steps at once).
  virtual bool can_sweep(const std::string& /*source*/) const { return true; }
  // The named values (v(node), i(source)) at the last solution (a sweep's final point); sets
  // `error` to "'<name>' is not a DC operating-point value" when one is missing.
  virtual std::vector<double> values(const std::vector<std::string>& names, std::string& error) = 0;
  // Moves a MOSFET's threshold by `delta` volts from its nominal (delta = 0 restores it).
  virtual void shift_threshold(const std::string& device, double delta) = 0;
  // Every MOSFET instance with its model and size (name, model, w, l, m; no bias values).
  virtual std::vector<DeviceOperatingPoint> mosfets() = 0;
};

}  // namespace logsgd
