#include "spec.h"

#include <fmt/format.h>

#include <cmath>

namespace logsgd {

std::string to_string(Status status) {
  switch (status) {
    case Status::pass: return "pass";
    case Status::near: return "near";
    case Status::fail: return "fail";
    case Status::error: return "error";
    case Status::info: return "info";
  }
  return "error";
}

static Limit parse_limit(const YamlNode& node, bool fails_by_default) {
  Limit limit;
  limit.fail = fails_by_default;
  if (node.is_map()) {
    node.expect_keys({"value", "fail"});
    limit.value = node.at("value").as_number();
    if (auto fail = node.find("fail")) limit.fail = fail->as_bool();
  } else {
    limit.value = node.as_number();
  }
  return limit;
}

Spec parse_spec(const YamlNode& node) {
  node.expect_keys({"result", "description", "unit", "min", "typ", "max", "near", "applies_to", "sweep_range"});
  Spec spec;
  spec.result = node.at("result").as_string();
  spec.description = node.string_or("description", "");
  spec.unit = node.string_or("unit", "");
  if (auto n = node.find("min")) spec.min = parse_limit(*n, true);
  if (auto n = node.find("typ")) spec.typ = parse_limit(*n, false);
  if (auto n = node.find("max")) spec.max = parse_limit(*n, true);
  if (auto scope = node.find("applies_to")) {
    std::string text = scope->as_string();
    if (text == "all") spec.scope = Spec::Scope::all;
    else if (text == "nominal") spec.scope = Spec::Scope::nominal;
    else if (text == "monte_carlo") spec.scope = Spec::Scope::monte_carlo;
    else scope->fail("applies_to is all, nominal or monte_carlo");
  }
  if (auto range = node.find("sweep_range")) {
    auto bounds = range->as_numbers();
    if (bounds.size() != 2 || bounds[0] > bounds[1]) range->fail("sweep_range is [low, high]");
    spec.sweep_range = std::pair{bounds[0], bounds[1]};
  }
  if (auto near = node.find("near")) {
    spec.near_fraction = near->as_number();
    if (spec.near_fraction < 0 || spec.near_fraction > 1) near->fail("near is a fraction from 0 to 1");
  }
  if (spec.min.value && spec.max.value && *spec.min.value > *spec.max.value)
    node.fail(fmt::format("min {} is above max {}", *spec.min.value, *spec.max.value));
  return spec;
}

bool Spec::judges_sweep_value(std::optional<double> sweep_value) const {
  if (!sweep_range || !sweep_value) return true;
  // A relative tolerance: sweep values are printed and parsed, e.g. 30n against 3e-08.
  const double slack = 1e-9 * std::max(std::fabs(sweep_range->first), std::fabs(sweep_range->second));
  return *sweep_value >= sweep_range->first - slack && *sweep_value <= sweep_range->second + slack;
}

Verdict evaluate(const Spec& spec, std::optional<double> value) {
  if (!value || !std::isfinite(*value)) return {Status::error, "no value measured"};
  if (!spec.has_failing_limit()) return {Status::info, "no pass/fail limit"};
  if (spec.min.value && spec.min.fail && *value < *spec.min.value)
    return {Status::fail, fmt::format("{:.4g} < min {:.4g}", *value, *spec.min.value)};
  if (spec.max.value && spec.max.fail && *value > *spec.max.value)
    return {Status::fail, fmt::format("{:.4g} > max {:.4g}", *value, *spec.max.value)};
  // Relative to the limit itself (limits often span decades), but never more than the same
  // fraction of the span between two limits (a tight window around 1 is not all "near").
  const bool both = spec.min.value && spec.max.value && spec.min.fail && spec.max.fail;
  auto margin = [&](double limit) {
    const double span = both ? spec.near_fraction * (*spec.max.value - *spec.min.value) : INFINITY;
    return limit != 0 ? std::min(spec.near_fraction * std::fabs(limit), span) : (both ? span : 0.0);
  };
  if (spec.min.value && spec.min.fail && *value < *spec.min.value + margin(*spec.min.value))
    return {Status::near, fmt::format("within {:.0f} % of min {:.4g}", 100 * spec.near_fraction, *spec.min.value)};
  if (spec.max.value && spec.max.fail && *value > *spec.max.value - margin(*spec.max.value))
    return {Status::near, fmt::format("within {:.0f} % of max {:.4g}", 100 * spec.near_fraction, *spec.max.value)};
  return {Status::pass, ""};
}

}  // namespace logsgd
