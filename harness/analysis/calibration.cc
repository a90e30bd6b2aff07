#include "calibration.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include <Eigen/Dense>

#include "spice_value.h"

namespace logsgd {

namespace {

// A DAC's resolution: 2 to 24 bits.
int parse_bits(const YamlNode& node) {
  const double bits = node.as_number();
  if (!(bits >= 2 && bits <= 24) || bits != std::floor(bits)) node.fail("bits must be a whole number from 2 to 24");
  return static_cast<int>(bits);
}

}  // namespace

CalibrationDef parse_calibration(const YamlNode& node, const std::map<std::string, double>& parameters) {
  node.expect_keys({"trims", "full_scale", "bits", "points", "servo_limit", "algorithm", "decision_time"});
  CalibrationDef def;
  std::set<std::string> sources;
  for (const auto& item : node.at("trims").items()) {
    item.expect_keys({"source", "register", "servo", "full_scale", "bits", "target", "points", "ruler"});
    CalibrationTrim trim;
    // An ideal trim DAC is a current source (`source`); a transistor-level one is set by its
    // register's code lines (`register`: one the testbench's template declares, code_register.h),
    // which the harness drives as the calibration's controller.
    if (item.find("source") && item.find("register")) item.at("register").fail("a trim is a `source` or a `register`, not both");
    const YamlNode name = item.find("register") ? item.at("register") : item.at("source");
    trim.source = name.as_string();
    trim.code_register = item.find("register").has_value();
    trim.servo = item.at("servo").as_string();
    if (auto ruler = item.find("ruler")) trim.ruler = ruler->as_bool();
    if (!is_safe_identifier(trim.source))
      name.fail(fmt::format("'{}' is not a name (letters, digits and _)", trim.source));
    if (!trim.code_register && std::tolower(static_cast<unsigned char>(trim.source[0])) != 'i')
      name.fail(fmt::format("'{}' is not a current source (I..., an ideal trim DAC); a transistor-level DAC is "
                            "named by its `register`", trim.source));
    if (trim.code_register && trim.ruler)
      item.at("ruler").fail("a ruler searches in finer steps than a register's DAC: it is a current source");
    if (!sources.insert(trim.source).second) name.fail(fmt::format("'{}' is trimmed twice", trim.source));
    const bool probe_current = is_plain_vector_name(trim.servo) && trim.servo.rfind("i(", 0) == 0;
    if (!probe_current && !is_device_parameter_vector(trim.servo))
      item.at("servo").fail(fmt::format("'{}' is neither a current i(source) nor a device's @device[param]", trim.servo));
    if (auto target = item.find("target")) trim.target = parse_quantity(*target, parameters);
    if (auto range = item.find("full_scale")) {
      trim.full_scale = parse_quantity(*range, parameters);
      if (!(trim.full_scale->resolve(parameters) > 0)) range->fail("full_scale must be positive");
    }
    if (auto bits = item.find("bits")) trim.bits = parse_bits(*bits);
    def.trims.push_back(trim);
  }
  if (def.trims.empty()) node.at("trims").fail("name at least one trim");
  if (auto points = node.find("points")) {
    // A point is one state ({vsource: value, ...}) or a list of states, each with a `weight`.
    auto parse_state = [](const YamlNode& state_node) {
      CalibrationState state;
      for (const auto& [name, value] : state_node.entries()) {
        if (name == "weight") {
          state.weight = value.as_number();
          continue;
        }
        if (!is_safe_identifier(name) || std::tolower(static_cast<unsigned char>(name[0])) != 'v')
          value.fail(fmt::format("'{}' is not the name of a voltage source (V...)", name));
        state.sources[name] = value.as_number();
      }
      return state;
    };
    for (const auto& point : points->items()) {
      CalibrationPoint states;
      if (point.is_sequence())
        for (const auto& state : point.items()) states.push_back(parse_state(state));
      else
        states.push_back(parse_state(point));
      if (states.empty()) point.fail("a calibration point needs at least one state");
      def.points.push_back(states);
    }
    if (def.points.size() < 2) points->fail("calibration points: give at least two, or leave them out");
  }
  // A trim's own points: 1-based numbers into `points`, as a reader counts them in the file.
  const auto trim_items = node.at("trims").items();
  for (std::size_t k = 0; k < def.trims.size(); ++k)
    if (auto own = trim_items[k].find("points")) {
      if (def.points.empty()) own->fail("a trim's points need the calibration's `points`");
      for (const auto& number : own->items()) {
        const double n = number.as_number();
        if (!(n >= 1 && n <= static_cast<double>(def.points.size())) || n != std::floor(n))
          number.fail(fmt::format("calibration point {} does not exist (the calibration has points 1 to {})", n, def.points.size()));
        def.trims[k].points.push_back(static_cast<std::size_t>(n) - 1);
      }
      if (def.trims[k].points.empty()) own->fail("name at least one calibration point, or leave `points` out");
    }
  def.full_scale = parse_quantity(node.at("full_scale"), parameters);
  if (!(def.full_scale.resolve(parameters) > 0)) node.at("full_scale").fail("full_scale must be positive");
  if (auto limit = node.find("servo_limit")) {
    def.servo_limit = parse_quantity(*limit, parameters);
    if (!(def.servo_limit->resolve(parameters) > 0)) limit->fail("servo_limit must be positive");
  }
  if (auto bits = node.find("bits")) def.bits = parse_bits(*bits);
  if (auto algorithm = node.find("algorithm")) {
    const std::string name = algorithm->as_string();
    if (name == "successive_approximation") def.algorithm = CalibrationAlgorithm::successive_approximation;
    else if (name != "least_squares")
      algorithm->fail(fmt::format("'{}' is not a calibration algorithm (least_squares, successive_approximation)", name));
  }
  const bool searched = def.algorithm == CalibrationAlgorithm::successive_approximation;
  // One ruler per servo, and only where the servos' currents are measured by search.
  std::map<std::string, std::string> rulers;
  for (std::size_t k = 0; k < def.trims.size(); ++k) {
    if (!def.trims[k].ruler) continue;
    if (!searched) trim_items[k].at("ruler").fail("a ruler needs `algorithm: successive_approximation`");
    if (!rulers.emplace(def.trims[k].servo, def.trims[k].source).second)
      trim_items[k].at("ruler").fail(fmt::format("servo '{}' already has ruler '{}'", def.trims[k].servo, rulers[def.trims[k].servo]));
  }
  if (searched)
    for (std::size_t k = 0; k < def.trims.size(); ++k)
      if (!rulers.count(def.trims[k].servo))
        trim_items[k].at("servo").fail(fmt::format("servo '{}' has no ruler: mark one of its trims `ruler: true`", def.trims[k].servo));
  if (auto time = node.find("decision_time")) {
    if (!searched) time->fail("decision_time needs `algorithm: successive_approximation`");
    def.decision_time = parse_quantity(*time, parameters);
    if (!(def.decision_time->resolve(parameters) > 0)) time->fail("decision_time must be positive");
  }
  return def;
}

LearnedWeightsCalibrationDef parse_learned_weights_calibration(const YamlNode& node, const CalibrationDef& power_up,
                                                              const std::vector<std::string>& trainer_weights,
                                                              int samples_per_epoch) {
  node.expect_keys({"mode", "weights", "settle_samples", "average_samples"});
  LearnedWeightsCalibrationDef def;
  auto voltage_source = [](const YamlNode& value) {
    std::string name = value.as_string();
    if (!is_safe_identifier(name) || std::tolower(static_cast<unsigned char>(name[0])) != 'v')
      value.fail(fmt::format("'{}' is not the name of a voltage source (V...)", name));
    return name;
  };
  def.mode = voltage_source(node.at("mode"));
  const auto items = node.at("weights").items();
  if (items.size() != trainer_weights.size())
    node.at("weights").fail(fmt::format("one entry per trainer weight ({})", trainer_weights.size()));
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& item = items[i];
    item.expect_keys({"read", "target", "servo", "trim"});
    LearnedWeightsCalibrationRequest::Weight weight{item.at("read").as_string(), voltage_source(item.at("target")),
                                                    item.at("servo").as_string(), item.at("trim").as_string()};
    if (weight.read != trainer_weights[i])
      item.at("read").fail(fmt::format("weight {} is read as '{}' by the trainer", i + 1, trainer_weights[i]));
    auto ruler = std::find_if(power_up.trims.begin(), power_up.trims.end(),
                              [&](const CalibrationTrim& trim) { return trim.source == weight.trim; });
    if (ruler == power_up.trims.end() || !ruler->ruler)
      item.at("trim").fail(fmt::format("'{}' is not a ruler trim of the power-up calibration", weight.trim));
    if (ruler->servo != weight.servo)
      item.at("servo").fail(fmt::format("trim '{}' is the ruler of servo '{}'", weight.trim, ruler->servo));
    def.weights.push_back(weight);
  }
  auto samples = [&](const char* key, int minimum) {
    const YamlNode value = node.at(key);
    const double n = value.as_number();
    if (!(n >= minimum) || n != std::floor(n) || n > 1e6) value.fail(fmt::format("{} must be a whole number >= {}", key, minimum));
    return static_cast<int>(n);
  };
  def.settle_samples = samples("settle_samples", 0);
  def.average_samples = samples("average_samples", 1);
  if (samples_per_epoch > 0 && def.average_samples % samples_per_epoch != 0)
    node.at("average_samples").fail(fmt::format("average over whole epochs (multiples of {} samples)", samples_per_epoch));
  return def;
}

TrimLevel quantise_trim(double wanted, double full_scale, int bits) {
  const double half = std::ldexp(1.0, bits - 1);
  const double step = full_scale / half;
  double code = std::round(wanted / step);
  TrimLevel level;
  if (!std::isfinite(code) || code < -half || code > half - 1) {
    level.saturated = true;
    code = std::isnan(code) ? 0 : std::clamp(code, -half, half - 1);
  }
  level.value = code * step;
  return level;
}

std::vector<double> solve_trims(const std::vector<double>& servo, const std::vector<std::vector<double>>& jacobian_columns) {
  const auto rows = static_cast<Eigen::Index>(servo.size());
  const auto cols = static_cast<Eigen::Index>(jacobian_columns.size());
  Eigen::MatrixXd jacobian(rows, cols);
  for (Eigen::Index k = 0; k < cols; ++k)
    for (Eigen::Index i = 0; i < rows; ++i) jacobian(i, k) = jacobian_columns[static_cast<std::size_t>(k)][static_cast<std::size_t>(i)];
  Eigen::VectorXd b = -Eigen::Map<const Eigen::VectorXd>(servo.data(), rows);
  Eigen::VectorXd t = jacobian.colPivHouseholderQr().solve(b);
  return {t.data(), t.data() + t.size()};
}

}  // namespace logsgd
