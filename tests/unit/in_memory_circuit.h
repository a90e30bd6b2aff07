// An in-memory stand-in for the simulator the worker's DC algorithms drive (DcCircuit): sources
// and threshold shifts held in maps, sweeps recorded; each test gives the circuit's response
// (values) with an answer it knows.
#pragma once
#include <fmt/format.h>

#include <map>
#include <string>
#include <vector>

#include "dc_circuit.h"

namespace logsgd {

class InMemoryCircuit : public DcCircuit {
 public:
  std::map<std::string, double> sources;  // only these exist: setting another is a test failure (at() throws)
  std::map<std::string, double> shifts;   // threshold shift per device, volts
  std::vector<DeviceOperatingPoint> devices;
  std::vector<std::string> sweeps;        // "<source> <from> <to> <steps>" per sweep
  int solves = 0;

  void set_source(const std::string& source, double value) override { sources.at(source) = value; }
  double source(const std::string& source) override { return sources.at(source); }
  std::string solve() override {
    ++solves;
    return "";
  }
  std::string sweep(const std::string& source, double from, double to, int steps) override {
    sweeps.push_back(fmt::format("{} {:g} {:g} {}", source, from, to, steps));
    return "";
  }
  void shift_threshold(const std::string& device, double delta) override { shifts[device] = delta; }
  std::vector<DeviceOperatingPoint> mosfets() override { return devices; }
};

}  // namespace logsgd
