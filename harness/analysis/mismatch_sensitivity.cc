#include "mismatch_sensitivity.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <regex>

#include "config_error.h"
#include "spice_value.h"
#include "text_file.h"

namespace logsgd {

MismatchSensitivityDef parse_mismatch_sensitivity(const YamlNode& node) {
  node.expect_keys({"outputs", "scale", "top", "learning"});
  MismatchSensitivityDef def;
  if (auto learning = node.find("learning")) {
    learning->expect_keys({"servos", "targets", "hold", "learn", "learn_duty", "devices"});
    LearningSensitivityDef l;
    l.servos = learning->at("servos").as_strings();
    for (const auto& servo : l.servos)
      if (!is_plain_vector_name(servo)) learning->at("servos").fail(fmt::format("'{}' is not a plain i(source)", servo));
    l.targets = learning->at("targets").as_strings();
    if (l.targets.size() != l.servos.size()) learning->at("targets").fail("one target source per servo");
    for (const auto& target : l.targets)
      if (!is_safe_identifier(target)) learning->at("targets").fail(fmt::format("'{}' is not a source name", target));
    for (auto [key, sources] : {std::pair{"hold", &l.hold}, std::pair{"learn", &l.learn}})
      if (auto map = learning->find(key))
        for (const auto& [source, value] : map->entries()) {
          if (!is_safe_identifier(source)) value.fail(fmt::format("'{}' is not a source name", source));
          (*sources)[source] = value.as_number();
        }
    if (auto devices = learning->find("devices")) {
      l.devices = devices->as_strings();
      for (const auto& prefix : l.devices)
        if (prefix.empty() || prefix.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_.") != std::string::npos)
          devices->fail(fmt::format("'{}' is not an instance path (lower case, e.g. xt.xsb.xsyn)", prefix));
    }
    l.learn_duty = learning->number_or("learn_duty", 1);
    if (!(l.learn_duty > 0 && l.learn_duty <= 1)) learning->at("learn_duty").fail("learn_duty is in (0, 1]");
    def.learning = l;
    if (node.find("outputs")) node.at("outputs").fail("with learning the outputs are the trainer's weights");
  } else {
    YamlNode outputs = node.at("outputs");
    def.outputs = outputs.as_strings();
    for (const auto& output : def.outputs)
      if (!is_plain_vector_name(output)) outputs.fail(fmt::format("'{}' is not a plain v(node) or i(source)", output));
    if (def.outputs.empty()) outputs.fail("name at least one output");
  }
  def.scale = node.number_or("scale", 1);
  if (!(def.scale > 0)) node.at("scale").fail("scale must be positive");
  def.top = static_cast<int>(node.number_or("top", 20));
  if (def.top < 1) node.at("top").fail("top is at least 1");
  return def;
}

std::map<std::string, double> vth_mismatch_coefficients(const Pdk& pdk) {
  const auto file = pdk.library_dir(ModelLibrary::combined) / "continuous" / "models_global.spice";
  // "+ sw_mm_vth0_sky130_fd_pr__nfet_01v8 = 3.356e-03 ;  Nmos VT"
  static const std::regex line(R"(sw_mm_vth0_sky130_fd_pr__([a-z0-9_]+)\s*=\s*([0-9.eE+-]+))");
  std::map<std::string, double> coefficients;
  const std::string text = read_text_file(file);
  for (std::sregex_iterator it(text.begin(), text.end(), line), end; it != end; ++it)
    if (auto value = parse_spice_number((*it)[2].str())) coefficients[(*it)[1].str()] = *value;
  if (coefficients.empty())
    throw ConfigError(fmt::format("{}: no sw_mm_vth0_* mismatch coefficients found", file.string()));
  return coefficients;
}

std::vector<RankedContribution> rank_contributions(const std::vector<MismatchContribution>& contributions,
                                                   double scale) {
  std::vector<RankedContribution> ranked;
  for (const auto& c : contributions) {
    double sum = 0;
    for (double d : c.deltas) sum += std::isfinite(d) ? (d / scale) * (d / scale) : INFINITY;
    ranked.push_back({&c, std::sqrt(sum)});  // infinite: no DC solution with this device shifted
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.magnitude > b.magnitude; });
  return ranked;
}

std::vector<double> linearised_sigma(const std::vector<MismatchContribution>& contributions, std::size_t outputs) {
  std::vector<double> sigma(outputs, 0.0);
  for (const auto& c : contributions)
    for (std::size_t k = 0; k < outputs && k < c.deltas.size(); ++k)
      if (std::isfinite(c.deltas[k])) sigma[k] += c.deltas[k] * c.deltas[k];
  for (double& s : sigma) s = std::sqrt(s);
  return sigma;
}

}  // namespace logsgd
