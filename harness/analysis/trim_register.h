// The register of a transistor-level trim DAC (cells/trim_dac) as the calibration's controller
// drives it: a calibration trim named `register: <name>` is a DAC whose code arrives on the lines
// of a code register the testbench's template declares (harness/config/code_register.h). The
// harness sets those lines, 0 or logic 1, whenever the calibration sets the trim. Plain sources
// rather than behavioural registers (B sources rounding a trim to its code): on the N = 1
// trainer's 12 registers those took the deck's load from 10.5 s to 23 s, and lines are what a
// tester's pattern drives.
//
// The code is offset binary: a trim t of a DAC spanning +-full_scale in 2^bits steps of
// lsb = full_scale / 2^(bits-1) is k = round(t / lsb) + 2^(bits-1), clamped to 0 .. 2^bits - 1,
// so that the DAC's ideal level (k - 2^(bits-1)) lsb is quantise_trim's (calibration.h).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "calibration.h"
#include "dc_circuit.h"

namespace logsgd {

long register_code(double trim, double full_scale, int bits);

// A DcCircuit whose register trims are set through their code lines: set_source(<register>, t)
// sets the lines to t's code, source(<register>) is the trim last set (at first, the code the
// deck's lines hold, as a level). Everything else passes through to the circuit.
class TrimRegisters : public DcCircuit {
 public:
  TrimRegisters(DcCircuit& circuit, const CalibrationRequest& calibration);

  void set_source(const std::string& source, double value) override;
  double source(const std::string& source) override;
  std::string solve() override { return circuit_.solve(); }
  // A register's code steps at once (it is digital): set to `to`, then solved.
  std::string sweep(const std::string& source, double from, double to, int steps) override;
  bool can_sweep(const std::string& source) const override {
    return !calibration_.registers.count(source) && circuit_.can_sweep(source);
  }
  std::vector<double> values(const std::vector<std::string>& names, std::string& error) override {
    return circuit_.values(names, error);
  }
  void shift_threshold(const std::string& device, double delta) override { circuit_.shift_threshold(device, delta); }
  std::vector<DeviceOperatingPoint> mosfets() override { return circuit_.mosfets(); }

 private:
  DcCircuit& circuit_;
  const CalibrationRequest& calibration_;
  std::map<std::string, double> trims_;  // per register, the trim last set
  std::map<std::string, long> codes_;    // ... and the code its lines hold
};

}  // namespace logsgd
