// Specs with CACE semantics: per measured result, optional minimum / typical / maximum limits;
// a limit with fail=false is reported but never fails the run.
#pragma once
#include <optional>
#include <string>

#include "yaml_node.h"

namespace logsgd {

struct Limit {
  std::optional<double> value;
  bool fail = true;
};

struct Spec {
  std::string result;  // "<measurement>.<output>", e.g. nfet.n
  std::string description;
  std::string unit;
  Limit min, typ, max;
  double near_fraction = 0.05;  // "near" within 5 % of |limit|, at most 5 % of the span between limits
  // Which jobs the limits judge: corners only, Monte Carlo samples only, or both. A per-device
  // limit often makes sense at the corners while its spread is judged by yield.
  enum class Scope { all, nominal, monte_carlo } scope = Scope::all;
  // The design-sweep values the limits hold for (`sweep_range: [lo, hi]`); outside, a value is
  // reported but not judged, so a bias sweep can show where a cell breaks without failing the run.
  std::optional<std::pair<double, double>> sweep_range;
  bool judges_sweep_value(std::optional<double> sweep_value) const;
  bool has_failing_limit() const { return (min.value && min.fail) || (max.value && max.fail); }
};

// near: passes, but within the near margin of a failing limit (worth a reviewer's look).
// info: measured but not judged (the spec has no failing limit: typ only, `fail: false` limits or
// none, or the value lies outside its sweep_range). It neither passes nor fails: a reviewer must
// not read "12 passed" where 4 of the 12 had nothing to pass.
enum class Status { pass, near, fail, error, info };
std::string to_string(Status status);

struct Verdict {
  Status status = Status::error;
  std::string reason;  // which limit failed, or why there is no value
};

// `min: 1.1` or `min: {value: 1.1, fail: false}`; typ never fails.
Spec parse_spec(const YamlNode& node);

// Judges one measured value (nullopt: the measurement or simulation failed). A spec without a
// failing limit gives info for any finite value.
Verdict evaluate(const Spec& spec, std::optional<double> value);

}  // namespace logsgd
