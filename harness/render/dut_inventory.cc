#include "dut_inventory.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>

#include "config_error.h"

namespace logsgd {

namespace {

struct SubcktBody {
  std::string origin;
  std::vector<LogicalLine> elements;
};

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

bool is_pdk_device(const std::string& subckt) { return subckt.rfind("sky130_fd_pr__", 0) == 0; }

bool is_zero(const std::string& token) {
  std::string t = lower(token);
  return t == "0" || t == "0.0" || t == "0v";
}

std::string shortened(const std::string& line) {
  constexpr std::size_t kLimit = 100;
  return line.size() <= kLimit ? line : line.substr(0, kLimit - 3) + "...";
}

}  // namespace

std::string element_kind(const std::string& element_line) {
  if (element_line.empty()) return "element";
  switch (std::tolower(static_cast<unsigned char>(element_line[0]))) {
    case 'v': {
      // A 0 V source is a wire or a current probe, still an element a layout does not have.
      auto t = spice_tokens(element_line);
      bool zero = (t.size() == 4 && is_zero(t[3])) || (t.size() == 5 && lower(t[3]) == "dc" && is_zero(t[4]));
      return zero ? "0 V source (wire or probe)" : "voltage source";
    }
    case 'i': return "current source";
    case 'b': return "behavioural source";
    case 'e': return "voltage-controlled voltage source";
    case 'f': return "current-controlled current source";
    case 'g': return "voltage-controlled current source";
    case 'h': return "current-controlled voltage source";
    case 'r': return "resistor";
    case 'c': return "capacitor";
    case 'l': return "inductor";
    case 'k': return "coupled inductors";
    case 's':
    case 'w': return "switch";
    case 'n': return "behavioural view (Verilog-A)";
    case 'a': return "XSPICE model";
    case 'm': return "MOSFET without a PDK model";
    case 'd': return "diode without a PDK model";
    case 'q': return "bipolar transistor without a PDK model";
    case 'x': return "subcircuit";
    default: return "element";
  }
}

std::map<std::string, int> DutInventory::ideal_by_kind() const {
  std::map<std::string, int> counts;
  for (const auto& element : ideal) ++counts[element.kind];
  return counts;
}

DutInventory inventory_dut(const std::vector<SpiceSource>& sources, const std::vector<std::string>& dut_instances) {
  if (sources.empty()) throw ConfigError("no netlist to find the DUT in");
  std::map<std::string, SubcktBody> subckts;
  std::vector<LogicalLine> top;  // elements of the last source (the template) outside any subckt
  for (std::size_t s = 0; s < sources.size(); ++s) {
    std::vector<std::string> open;  // names of the subckts being read (ngspice allows nesting)
    for (const auto& line : logical_lines(sources[s])) {
      std::string head = lower(spice_tokens(line.text).front());
      if (head == ".subckt") {
        auto t = spice_tokens(line.text);
        if (t.size() < 2) throw ConfigError(line.origin + ": .subckt without a name");
        open.push_back(lower(t[1]));
        subckts[open.back()] = {line.origin, {}};
      } else if (head == ".ends") {
        if (!open.empty()) open.pop_back();
      } else if (head[0] == '.') {
        continue;  // .model, .param, ...: not elements
      } else if (!open.empty()) {
        subckts[open.back()].elements.push_back(line);
      } else if (s + 1 == sources.size()) {
        top.push_back(line);
      }
    }
  }

  DutInventory inventory;
  auto walk = [&](auto&& self, const LogicalLine& line, const std::string& path, int depth) -> void {
    const std::string element_name = lower(spice_tokens(line.text).front());
    if (element_name[0] != 'x') {
      inventory.ideal.push_back({path, element_kind(line.text), line.origin, shortened(line.text)});
      return;
    }
    const std::string name = instantiated_subckt(line.text);
    if (is_pdk_device(name)) {
      ++inventory.pdk_devices;
      return;
    }
    auto found = subckts.find(name);
    if (found == subckts.end())
      throw ConfigError(fmt::format("{}: instance {} refers to subcircuit '{}', defined neither in the cells nor in the PDK",
                                    line.origin, path, name));
    // The depth limit stops a subcircuit that instantiates itself.
    if (depth > 64) throw ConfigError(fmt::format("{}: subcircuit '{}' nests more than 64 levels deep", line.origin, name));
    for (const auto& element : found->second.elements)
      self(self, element, path + "." + lower(spice_tokens(element.text).front()), depth + 1);
  };

  std::vector<std::string> subckt_names;
  for (const auto& instance : dut_instances) {
    const std::string wanted = lower(instance);
    if (wanted == kWholeTemplate) {
      for (const auto& line : top) walk(walk, line, lower(spice_tokens(line.text).front()), 0);
      subckt_names.push_back("the template");
      continue;
    }
    auto dut = std::find_if(top.begin(), top.end(),
                            [&](const LogicalLine& l) { return lower(spice_tokens(l.text).front()) == wanted; });
    if (dut == top.end() || wanted.empty() || wanted[0] != 'x')
      throw ConfigError(fmt::format("{}: dut '{}' is not a subcircuit instance (X line) of the template",
                                    sources.back().origin, instance));
    walk(walk, *dut, wanted, 0);
    const std::string subckt = instantiated_subckt(dut->text);
    if (std::find(subckt_names.begin(), subckt_names.end(), subckt) == subckt_names.end()) subckt_names.push_back(subckt);
  }
  inventory.instance = fmt::format("{}", fmt::join(dut_instances, ", "));
  inventory.subckt = fmt::format("{}", fmt::join(subckt_names, ", "));
  return inventory;
}

}  // namespace logsgd
