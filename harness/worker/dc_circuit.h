// The small interface the DC algorithms (the learning-equilibrium sensitivity) drive: set a source,
// solve the operating point, read values, move a device's threshold. NgspiceSession implements it
// on libngspice; unit tests implement it in memory.
#pragma once
#include <string>
#include <vector>

namespace logsgd {

class DcCircuit {
 public:
  virtual ~DcCircuit() = default;
  virtual void set_source(const std::string& source, double value) = 0;
  virtual double source(const std::string& source) = 0;
  // Solves the DC operating point; the simulator's first error, or empty when it converged.
  virtual std::string solve() = 0;
  // The named values (v(node), i(source)) at the last solution; sets `error` when one is missing.
  virtual std::vector<double> values(const std::vector<std::string>& names, std::string& error) = 0;
  // Moves a MOSFET's threshold by `delta` volts from its nominal (delta = 0 restores it).
  virtual void shift_threshold(const std::string& device, double delta) = 0;
};

}  // namespace logsgd
