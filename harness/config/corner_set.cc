#include "corner_set.h"

#include <fmt/format.h>

#include <cmath>

#include "spice_value.h"
#include "yaml_node.h"

namespace logsgd {

std::string condition_id(const std::string& process, double temperature_c, double vdd) {
  std::string temperature = fmt::format("{:g}C", std::fabs(temperature_c));
  if (temperature_c < 0) temperature = "m" + temperature;
  return fmt::format("{}_{}_{:.2f}V", process, temperature, vdd);
}

std::vector<Condition> MonteCarlo::conditions() const {
  std::string id = condition_id(process, temperature_c, vdd) + (mismatch ? "_mm" : "");
  if (libraries.empty()) return {{id, process, temperature_c, vdd, mismatch, std::nullopt}};
  std::vector<Condition> result;
  for (ModelLibrary library : libraries)
    result.push_back({id + "_" + to_string(library), process, temperature_c, vdd, mismatch, library});
  return result;
}

std::vector<Condition> CornerSet::conditions() const {
  std::vector<Condition> result;
  for (const auto& p : process)
    for (double t : temperatures)
      for (double v : supplies) result.push_back({condition_id(p, t, v), p, t, v, false, std::nullopt});
  return result;
}

CornerSet load_corner_set(const std::filesystem::path& path) {
  YamlNode root = YamlNode::load_file(path.string());
  root.expect_keys({"name", "description", "process", "temperature", "vdd", "library", "monte_carlo"});
  CornerSet set;
  set.path = path;
  set.name = root.at("name").as_string();
  if (!is_safe_identifier(set.name)) root.at("name").fail("a corner set name is letters, digits and _");
  set.description = root.string_or("description", "");
  if (auto node = root.find("process")) {
    set.process = node->as_strings();
    for (const auto& item : node->is_sequence() ? node->items() : std::vector<YamlNode>{*node})
      if (!is_safe_identifier(item.as_string())) item.fail("a process corner is a library section name such as tt");
  }
  if (auto node = root.find("temperature")) {
    set.temperatures = node->as_numbers();
    for (double t : set.temperatures)
      if (t < -273.15 || t > 400) node->fail(fmt::format("temperature {} °C is out of range", t));
  }
  if (auto node = root.find("vdd")) {
    set.supplies = node->as_numbers();
    for (double v : set.supplies)
      if (!(v > 0) || v > 5) node->fail(fmt::format("supply {} V is out of range", v));
  }
  if (auto node = root.find("library")) {
    try {
      set.library = parse_model_library(node->as_string());
    } catch (const std::exception& e) {
      node->fail(e.what());
    }
  }
  if (auto node = root.find("monte_carlo")) {
    node->expect_keys({"samples", "mismatch", "process", "temperature", "vdd", "libraries", "autostop"});
    MonteCarlo mc;
    mc.samples = static_cast<int>(node->at("samples").as_integer());
    if (mc.samples < 1 || mc.samples > 1000000) node->at("samples").fail("samples is 1 to 1000000");
    if (auto n = node->find("mismatch")) mc.mismatch = n->as_bool();
    if (auto n = node->find("process")) {
      mc.process = n->as_string();
      if (!is_safe_identifier(mc.process)) n->fail("a process corner is a library section name such as tt or mc");
    }
    mc.temperature_c = node->number_or("temperature", 27);
    mc.vdd = node->number_or("vdd", 1.8);
    if (auto libraries = node->find("libraries")) {
      for (const auto& item : libraries->is_sequence() ? libraries->items() : std::vector<YamlNode>{*libraries}) {
        try {
          mc.libraries.push_back(parse_model_library(item.as_string()));
        } catch (const std::exception& e) {
          item.fail(e.what());
        }
      }
    }
    if (auto n = node->find("autostop")) {
      n->expect_keys({"yield", "confidence"});
      AutoStop autostop;
      autostop.yield = n->at("yield").as_number();
      if (!(autostop.yield > 0 && autostop.yield < 1))
        n->at("yield").fail("the yield target is a fraction between 0 and 1, e.g. 0.99");
      autostop.confidence = n->number_or("confidence", autostop.confidence);
      if (!(autostop.confidence >= 0.5 && autostop.confidence < 1))
        n->at("confidence").fail("the confidence is a fraction from 0.5 to below 1, e.g. 0.95");
      mc.autostop = autostop;
    }
    if (!mc.mismatch && mc.process != "mc")
      node->fail("a Monte Carlo set varies something: mismatch: true, or process: mc");
    set.monte_carlo = mc;
  }
  if (set.process.empty() || set.temperatures.empty() || set.supplies.empty())
    root.fail("process, temperature and vdd each need at least one value");
  return set;
}

}  // namespace logsgd
