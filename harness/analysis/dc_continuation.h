// DC continuation: a circuit with more than one DC state (e.g. a weight read-out that can sit at
// zero current) can put a DC solve in one its servos do not hold. The wanted state is then reached by
// a DC sweep of the source that moves, from a state the circuit is known to be in, each step
// starting from the last solution, so the solver follows the branch it starts on.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dc_circuit.h"

namespace logsgd {

class DcContinuation {
 public:
  static constexpr int kSteps = 5;

  // A state (its sources) where the servos held: a later state may be reached from it.
  void remember_held(const std::map<std::string, double>& sources) { held_.push_back(sources); }

  // Reaches `targets` from `start` (every target source's value in the state swept from): the
  // first source that moves and can be swept is swept to its target (the others are already set).
  // The sweep's error ("" when it ran), or nothing when no such source moves.
  static std::optional<std::string> sweep_from(DcCircuit& circuit, const std::map<std::string, double>& targets,
                                               const std::map<std::string, double>& start);

  // From the deck's own state (`deck_values`); when that is the state itself (nothing to sweep),
  // from the latest held state that differs from it in one of its sources (e.g. W = 0.5 W0 swept
  // to W0). The sweep's error ("" when it ran), or nothing when no start differs.
  std::optional<std::string> reach(DcCircuit& circuit, const std::map<std::string, double>& targets,
                                   const std::map<std::string, double>& deck_values) const;

  // Solves the state the circuit's sources are set to (`targets`); when the solve fails (a warm
  // solve diverged and ngspice's op from scratch did not converge either), reaches it as reach()
  // does. "" when solved, else the failure; `swept` (if given) is set when a sweep ran.
  std::string solve_or_reach(DcCircuit& circuit, const std::map<std::string, double>& targets,
                             const std::map<std::string, double>& deck_values, bool* swept = nullptr) const;

 private:
  std::vector<std::map<std::string, double>> held_;  // oldest first
};

}  // namespace logsgd
