#include "trim_register.h"

#include <doctest/doctest.h>

#include "dc_continuation.h"
#include "in_memory_circuit.h"

using namespace logsgd;

TEST_CASE("trim register: offset binary on quantise_trim's grid, clamped to the DAC's codes") {
  CHECK(register_code(0, 10e-9, 8) == 128);
  CHECK(register_code(10e-9 / 128, 10e-9, 8) == 129);
  CHECK(register_code(-10e-9, 10e-9, 8) == 0);
  CHECK(register_code(-2e-8, 10e-9, 8) == 0);
  CHECK(register_code(2e-8, 10e-9, 8) == 255);
  CHECK(register_code(0.49 * 10e-9 / 128, 10e-9, 8) == 128);
  CHECK(register_code(-0.51 * 10e-9 / 128, 10e-9, 8) == 127);
  for (double trim : {-3.3e-9, 0.0, 1.234e-9, 9.9e-9}) {
    const double level = (static_cast<double>(register_code(trim, 10e-9, 8)) - 128) * 10e-9 / 128;
    CHECK(level == doctest::Approx(quantise_trim(trim, 10e-9, 8).value));
  }
}

// The sources' values alone: nothing is solved here.
class SourcesOnly : public InMemoryCircuit {
 public:
  std::vector<double> values(const std::vector<std::string>&, std::string&) override { return {}; }
};

TEST_CASE("trim register: a register trim sets its code lines, other sources pass through") {
  SourcesOnly circuit;
  for (int j = 0; j < 4; ++j) {
    circuit.sources[fmt::format("vc_a_{}", j)] = j == 3 ? 1.8 : 0.0;  // mid code, as rendered
    circuit.sources[fmt::format("vc_an_{}", j)] = j == 3 ? 0.0 : 1.8;
  }
  circuit.sources["itrim"] = 0;
  CalibrationRequest calibration;
  calibration.trims = {{"c_a", "i(v1)"}, {"itrim", "i(v1)"}};
  calibration.full_scale = 8e-9;  // 4 bits: LSB 1 nA
  calibration.bits = 4;
  calibration.registers = {{"c_a", 1.8}};
  TrimRegisters registers(circuit, calibration);
  CHECK(registers.source("c_a") == doctest::Approx(0));
  registers.set_source("c_a", -2.9e-9);  // code 8 - 3 = 5: 0101
  CHECK(circuit.sources["vc_a_0"] == 1.8);
  CHECK(circuit.sources["vc_a_1"] == 0);
  CHECK(circuit.sources["vc_a_2"] == 1.8);
  CHECK(circuit.sources["vc_a_3"] == 0);
  CHECK(circuit.sources["vc_an_0"] == 0);
  CHECK(circuit.sources["vc_an_3"] == 1.8);
  CHECK(registers.source("c_a") == doctest::Approx(-2.9e-9));  // the trim asked for, as the calibration keeps it
  TrimRegisters reread(circuit, calibration);
  CHECK(reread.source("c_a") == doctest::Approx(-3e-9));  // the level its lines hold
  registers.set_source("itrim", 5e-12);
  CHECK(circuit.sources["itrim"] == 5e-12);
  CHECK(registers.source("itrim") == 5e-12);
}

TEST_CASE("trim register: a register is not swept but stepped to its code and solved, other sources sweep") {
  SourcesOnly circuit;
  for (int j = 0; j < 2; ++j) {
    circuit.sources[fmt::format("vc_a_{}", j)] = 0;
    circuit.sources[fmt::format("vc_an_{}", j)] = 1.8;
  }
  CalibrationRequest calibration;
  calibration.trims = {{"c_a", "i(v1)"}};
  calibration.full_scale = 2e-9;  // 2 bits: LSB 1 nA
  calibration.bits = 2;
  calibration.registers = {{"c_a", 1.8}};
  TrimRegisters registers(circuit, calibration);
  CHECK(registers.sweep("c_a", 0, 1e-9, 5).empty());
  CHECK(circuit.sweeps.empty());
  CHECK(circuit.solves == 1);
  CHECK(circuit.sources["vc_a_0"] == 1.8);  // code 3
  CHECK(circuit.sources["vc_a_1"] == 1.8);
  circuit.sources["vx"] = 0;
  CHECK(registers.sweep("vx", 0, 1, 5).empty());
  CHECK(circuit.sweeps == std::vector<std::string>{"vx 0 1 5"});
}

TEST_CASE("trim register: DC continuation sweeps the analog source that moves, a register being set at once") {
  SourcesOnly circuit;
  for (int j = 0; j < 2; ++j) {
    circuit.sources[fmt::format("vc_a_{}", j)] = 0;
    circuit.sources[fmt::format("vc_an_{}", j)] = 1.8;
  }
  circuit.sources["vx"] = 0;
  CalibrationRequest calibration;
  calibration.trims = {{"c_a", "i(v1)"}};
  calibration.full_scale = 2e-9;
  calibration.bits = 2;
  calibration.registers = {{"c_a", 1.8}};
  TrimRegisters registers(circuit, calibration);
  CHECK_FALSE(registers.can_sweep("c_a"));
  CHECK(registers.can_sweep("vx"));
  const auto swept = DcContinuation::sweep_from(registers, {{"c_a", 1e-9}, {"vx", 1}}, {{"c_a", 0}, {"vx", 0}});
  REQUIRE(swept);
  CHECK(swept->empty());
  CHECK(circuit.sweeps == std::vector<std::string>{"vx 0 1 5"});
  CHECK_FALSE(DcContinuation::sweep_from(registers, {{"c_a", 1e-9}}, {{"c_a", 0}}));  // nothing to sweep
}
