#include "dc_continuation.h"

namespace logsgd {

std::optional<std::string> DcContinuation::sweep_from(DcCircuit& circuit, const std::map<std::string, double>& targets,
                                                      const std::map<std::string, double>& start) {
  // A source that cannot be swept (a register's code) is already at its target, as the others
  // are: the sweep moves the first one that can, from the state with those set.
  for (const auto& [source, target] : targets) {
    const double from = start.at(source);
    if (from == target || !circuit.can_sweep(source)) continue;
    return circuit.sweep(source, from, target, kSteps);
  }
  return std::nullopt;
}

std::optional<std::string> DcContinuation::reach(DcCircuit& circuit, const std::map<std::string, double>& targets,
                                                 const std::map<std::string, double>& deck_values) const {
  std::optional<std::string> swept = sweep_from(circuit, targets, deck_values);
  for (auto held = held_.rbegin(); !swept && held != held_.rend(); ++held) {
    std::map<std::string, double> from = deck_values;
    for (const auto& [source, value] : *held)
      if (from.count(source)) from[source] = value;
    swept = sweep_from(circuit, targets, from);
  }
  return swept;
}

std::string DcContinuation::solve_or_reach(DcCircuit& circuit, const std::map<std::string, double>& targets,
                                           const std::map<std::string, double>& deck_values, bool* swept) const {
  const std::string failed = circuit.solve();
  if (failed.empty()) return "";
  const std::optional<std::string> sweep_failed = reach(circuit, targets, deck_values);
  if (!sweep_failed) return failed;
  if (swept) *swept = true;
  return sweep_failed->empty() ? "" : failed + "; also when reached by a DC sweep: " + *sweep_failed;
}

}  // namespace logsgd
