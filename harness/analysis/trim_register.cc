#include "trim_register.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "code_register.h"

namespace logsgd {

long register_code(double trim, double full_scale, int bits) {
  const double half = std::ldexp(1.0, bits - 1);
  const double code = std::round(trim / (full_scale / half)) + half;
  return static_cast<long>(std::clamp(code, 0.0, 2 * half - 1));
}

TrimRegisters::TrimRegisters(DcCircuit& circuit, const CalibrationRequest& calibration)
    : circuit_(circuit), calibration_(calibration) {}

void TrimRegisters::set_source(const std::string& source, double value) {
  if (!calibration_.registers.count(source)) return circuit_.set_source(source, value);
  const int bits = calibration_.bits_of(source);
  const long code = register_code(value, calibration_.full_scale_of(source), bits);
  trims_[source] = value;
  // The lines change only with the code (each set is an alter of the circuit).
  if (auto held = codes_.find(source); held != codes_.end() && held->second == code) return;
  codes_[source] = code;
  const double high = calibration_.registers.at(source);
  for (int j = 0; j < bits; ++j) {
    const bool one = (code >> j) & 1;
    circuit_.set_source(code_line_source(source, j, false), one ? high : 0.0);
    circuit_.set_source(code_line_source(source, j, true), one ? 0.0 : high);
  }
}

std::string TrimRegisters::sweep(const std::string& source, double from, double to, int steps) {
  if (!calibration_.registers.count(source)) return circuit_.sweep(source, from, to, steps);
  set_source(source, to);
  return circuit_.solve();
}

double TrimRegisters::source(const std::string& source) {
  if (!calibration_.registers.count(source)) return circuit_.source(source);
  if (auto known = trims_.find(source); known != trims_.end()) return known->second;
  const int bits = calibration_.bits_of(source);
  long code = 0;
  for (int j = 0; j < bits; ++j)
    if (circuit_.source(code_line_source(source, j, false)) > calibration_.registers.at(source) / 2) code |= 1L << j;
  const double half = std::ldexp(1.0, bits - 1);
  return (static_cast<double>(code) - half) * calibration_.full_scale_of(source) / half;
}

}  // namespace logsgd
