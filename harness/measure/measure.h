// Measurements: named functions that turn simulated vectors into scalar results. A testbench
// lists them with their arguments; each produces "<measurement name>.<output>" values.
#pragma once
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim_job.h"
#include "yaml_node.h"

namespace logsgd {

class MeasureError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct MeasureInput {
  const std::map<std::string, SimVector>& vectors;
  const std::map<std::string, double>& parameters;
  double temperature_c;
};

struct MeasurementDef {
  std::string name;
  std::string function;
  std::map<std::string, std::string> args;  // vector names, numbers, or parameter names
  std::map<std::string, std::vector<std::string>> list_args;  // lists of vector names
};

// Resolved arguments handed to a measure function.
class MeasureArgs {
 public:
  MeasureArgs(const MeasurementDef& def, const MeasureInput& input) : def_(def), input_(input) {}
  const std::vector<double>& vector(const std::string& arg) const;
  std::vector<const std::vector<double>*> vectors(const std::string& list_arg) const;  // empty when not given
  double number(const std::string& arg) const;
  double temperature_c() const { return input_.temperature_c; }

 private:
  const MeasurementDef& def_;
  const MeasureInput& input_;
};

struct MeasureFunction {
  std::string name;
  std::string description;
  std::vector<std::string> vector_args;
  std::map<std::string, std::string> number_args;  // name -> default ("" when required)
  std::map<std::string, bool> vector_list_args;    // name -> required
  std::vector<std::string> outputs;
  std::function<std::map<std::string, double>(const MeasureArgs&)> compute;
};

const std::vector<MeasureFunction>& measure_functions();

// Validates a `measurements:` entry against its function's signature.
MeasurementDef parse_measurement(const YamlNode& node, const std::map<std::string, double>& parameters);

// The vectors a measurement reads (so the worker sends them back).
std::vector<std::string> vectors_needed(const MeasurementDef& def);

// "<name>.<output>" -> value; throws MeasureError when the data cannot be measured.
std::map<std::string, double> measure(const MeasurementDef& def, const MeasureInput& input);

}  // namespace logsgd
