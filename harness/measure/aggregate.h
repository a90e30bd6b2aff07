// Aggregates: measurements across the Monte Carlo samples of one condition (a Pelgrom fit over
// device sizes, the correlation of two devices' draws). Each produces "<name>.<output>" values
// that specs can check once per Monte Carlo condition.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "yaml_node.h"

namespace logsgd {

struct AggregateDef {
  std::string name;
  std::string function;
  std::map<std::string, std::vector<std::string>> result_args;  // per-sample result names
  std::map<std::string, std::vector<double>> number_args;
};

using Samples = std::vector<const std::map<std::string, double>*>;

struct AggregateFunction {
  std::string name;
  std::string description;
  std::vector<std::string> result_args;
  std::vector<std::string> number_args;
  std::vector<std::string> outputs;
  std::function<std::map<std::string, double>(const AggregateDef&, const Samples&)> compute;
};

const std::vector<AggregateFunction>& aggregate_functions();

AggregateDef parse_aggregate(const YamlNode& node);

// `samples`: each Monte Carlo sample's measured values. Throws std::runtime_error when the
// samples cannot give the aggregate (too few, missing values).
std::map<std::string, double> aggregate(const AggregateDef& def, const Samples& samples);

}  // namespace logsgd
