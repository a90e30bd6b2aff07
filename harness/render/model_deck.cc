#include "model_deck.h"

#include <fmt/format.h>

#include <map>
#include <regex>
#include <sstream>

#include "config_error.h"
#include "spice_value.h"
#include "text_file.h"

namespace logsgd {

namespace {

const std::string kDevicePrefix = "sky130_fd_pr__";


std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

// The include target of a `.include "x"` / `.include x` line, or "" for any other line.
std::string include_target(const std::string& line) {
  static const std::regex pattern(R"re(^\s*\.include\s+"?([^"\s]+)"?\s*$)re", std::regex::icase);
  std::smatch match;
  return std::regex_match(line, match, pattern) ? match[1].str() : "";
}

std::string include_line(const fs::path& path) {
  std::string text = path.lexically_normal().string();
  if (text.find_first_of("\"\n\r") != std::string::npos)
    throw ConfigError(fmt::format("PDK path holds a quote or newline: {}", text));
  return fmt::format(".include \"{}\"", text);
}

// The lines of `.lib <corner>` ... `.endl` in a library file.
std::vector<std::string> library_section(const fs::path& library_file, const std::string& corner) {
  if (!is_safe_identifier(corner)) throw ConfigError(fmt::format("invalid process corner name '{}'", corner));
  auto lines = split_lines(read_text_file(library_file));
  static const std::regex lib_line(R"(^\s*\.lib\s+(\S+)\s*$)", std::regex::icase);
  static const std::regex endl_line(R"(^\s*\.endl\b.*$)", std::regex::icase);
  std::vector<std::string> section;
  bool inside = false;
  for (const auto& line : lines) {
    std::smatch match;
    if (!inside && std::regex_match(line, match, lib_line) && match[1].str() == corner) {
      inside = true;
    } else if (inside && std::regex_match(line, endl_line)) {
      return section;
    } else if (inside) {
      section.push_back(line);
    }
  }
  throw ConfigError(fmt::format("process corner '{}' is not a section of {}", corner, library_file.string()));
}

bool is_param_line(const std::string& line) {
  static const std::regex pattern(R"(^\s*\.param\b.*$)", std::regex::icase);
  return std::regex_match(line, pattern);
}

std::string param_line_with_switch(const std::string& line, bool mismatch) {
  static const std::regex mm(R"(^\s*\.param\s+mc_mm_switch\s*=.*$)", std::regex::icase);
  if (std::regex_match(line, mm)) return fmt::format(".param mc_mm_switch={}", mismatch ? 1 : 0);
  return line;
}

std::vector<std::string> combined_deck(const Pdk& pdk, const ModelDeckRequest& request) {
  const fs::path dir = pdk.library_dir(ModelLibrary::combined);
  std::set<std::string> found;
  std::vector<std::string> deck;
  for (const auto& line : library_section(pdk.library_file(ModelLibrary::combined), request.corner)) {
    if (is_param_line(line)) {
      deck.push_back(param_line_with_switch(line, request.mismatch));
      continue;
    }
    std::string target = include_target(line);
    if (target.empty()) continue;
    fs::path path = dir / target;
    std::string name = path.filename().string();
    if (name.rfind("parameters_", 0) == 0 || name == "models_global.spice") {
      deck.push_back(include_line(path));
    } else if (name.rfind("models_", 0) == 0) {
      // An aggregate: keep only the per-device files the circuit uses, or the whole file when it
      // defines the models inline (resistors, capacitors) and one of them is used.
      std::string text = read_text_file(path);
      bool has_includes = false;
      for (const auto& inner : split_lines(text)) {
        std::string device_file = include_target(inner);
        if (device_file.empty()) continue;
        has_includes = true;
        fs::path device_path = path.parent_path() / device_file;
        std::string stem = device_path.stem().string();
        if (stem.rfind(kDevicePrefix, 0) == 0 && request.devices.count(stem.substr(kDevicePrefix.size()))) {
          deck.push_back(include_line(device_path));
          found.insert(stem.substr(kDevicePrefix.size()));
        }
      }
      if (!has_includes) {
        bool used = false;
        for (const auto& device : request.devices) {
          std::regex defines(R"((\.subckt|\.model)\s+)" + kDevicePrefix + device + R"(\s)", std::regex::icase);
          if (std::regex_search(text, defines)) {
            used = true;
            found.insert(device);
          }
        }
        if (used) deck.push_back(include_line(path));
      }
    }
    // Legacy discrete models (RF, vpp caps, SONOS, SRAM) are left out: the kit's cells do not use them.
  }
  for (const auto& device : request.devices)
    if (!found.count(device))
      throw ConfigError(fmt::format("device {}{} has no model in {}", kDevicePrefix, device, dir.string()));
  return deck;
}

// The `.param` statements of a PDK file (each with its `+` continuation lines), without its
// includes, models and subcircuits: the binned r+c files include every generic resistor and
// ~3,000 interconnect parameters the MIM capacitor does not use.
std::vector<std::string> param_statements(const fs::path& file) {
  static const std::regex continuation(R"(^\s*\+.*$)");
  std::vector<std::string> params;
  bool inside = false;
  for (const auto& line : split_lines(read_text_file(file))) {
    if (is_param_line(line)) {
      inside = true;
      params.push_back(line);
    } else if (inside && std::regex_match(line, continuation)) {
      params.push_back(line);
    } else if (auto first = line.find_first_not_of(" \t"); first == std::string::npos || line[first] == '*') {
      continue;  // blank and comment lines do not end a statement
    } else {
      inside = false;
    }
  }
  return params;
}

// The binned library's non-FET device models (MIM capacitors, ...) that all.spice includes,
// directly or through an aggregate such as capacitors/sky130_fd_pr__model__cap_mim.model.spice:
// device name -> its model file.
std::map<std::string, fs::path> binned_device_files(const fs::path& dir) {
  std::map<std::string, fs::path> files;
  auto add = [&files](const fs::path& path) {
    std::string name = path.filename().string();
    static const std::string suffix = ".model.spice";
    if (name.rfind(kDevicePrefix, 0) != 0 || name.size() <= suffix.size() ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
      return;
    std::string device = name.substr(kDevicePrefix.size(), name.size() - kDevicePrefix.size() - suffix.size());
    if (device.rfind("model__", 0) != 0) files.emplace(device, path);  // aggregates are opened below
  };
  for (const auto& line : split_lines(read_text_file(dir / "all.spice"))) {
    std::string target = include_target(line);
    if (target.empty()) continue;
    fs::path path = (dir / target).lexically_normal();
    add(path);
    std::string name = path.filename().string();
    if (name.rfind(kDevicePrefix + "model__cap_", 0) == 0 && fs::exists(path))
      for (const auto& inner : split_lines(read_text_file(path)))
        if (std::string device_file = include_target(inner); !device_file.empty())
          add((path.parent_path() / device_file).lexically_normal());
  }
  return files;
}

std::vector<std::string> binned_deck(const Pdk& pdk, const ModelDeckRequest& request) {
  const fs::path dir = pdk.library_dir(ModelLibrary::binned);
  // The preamble of all.spice that the FET bins rely on.
  std::vector<std::string> deck{".option scale=1.0u", include_line(dir / "parameters" / "lod.spice")};
  fs::path corner_file;
  std::vector<fs::path> rc_files;  // the section's r+c files: sheet resistances, MIM capacitance
  for (const auto& line : library_section(pdk.library_file(ModelLibrary::binned), request.corner)) {
    if (is_param_line(line)) deck.push_back(param_line_with_switch(line, request.mismatch));
    std::string target = include_target(line);
    // The corner's FET file (corners/tt.spice), not its specialized_cells.
    if (corner_file.empty() && target.rfind("corners/", 0) == 0 && target.find('/', 8) == std::string::npos)
      corner_file = dir / target;
    if (target.rfind("r+c/", 0) == 0) rc_files.push_back(dir / target);
  }
  if (corner_file.empty())
    throw ConfigError(fmt::format("section '{}' of {} includes no corners/ file", request.corner,
                                  pdk.library_file(ModelLibrary::binned).string()));
  std::set<std::string> found;
  for (const auto& line : split_lines(read_text_file(corner_file))) {
    std::string target = include_target(line);
    if (target.empty()) continue;
    fs::path path = corner_file.parent_path() / target;
    std::string name = path.filename().string();
    for (const auto& device : request.devices) {
      if (name.rfind(kDevicePrefix + device + "__", 0) == 0) {  // its corner/pm3 and mismatch files
        deck.push_back(include_line(path));
        found.insert(device);
      }
    }
  }
  // Other devices (the MIM capacitors): their model files from all.spice, after the parameters
  // they use from the section's r+c files (camimc, cpmimc, rm3, rcvia3, tol_m3) and from the
  // resistor model file those include (m3_dw and the temperature coefficients).
  std::vector<std::string> others;
  std::map<std::string, fs::path> device_files;
  for (const auto& device : request.devices) {
    if (found.count(device)) continue;
    if (device_files.empty()) device_files = binned_device_files(dir);
    auto file = device_files.find(device);
    if (file == device_files.end())
      throw ConfigError(fmt::format("device {}{} has no model in {} or {}", kDevicePrefix, device,
                                    corner_file.string(), (dir / "all.spice").string()));
    others.push_back(include_line(file->second));
  }
  if (!others.empty()) {
    if (rc_files.empty())
      throw ConfigError(fmt::format("section '{}' of {} includes no r+c/ file (needed by {})", request.corner,
                                    pdk.library_file(ModelLibrary::binned).string(), others.front()));
    for (const auto& rc : rc_files) {
      for (const auto& line : param_statements(rc)) deck.push_back(line);
      for (const auto& line : split_lines(read_text_file(rc))) {
        std::string target = include_target(line);
        if (target.find("model__r+c") != std::string::npos)
          for (const auto& param : param_statements((rc.parent_path() / target).lexically_normal())) deck.push_back(param);
      }
    }
    deck.insert(deck.end(), others.begin(), others.end());
  }
  return deck;
}

}  // namespace

std::vector<std::string> build_model_deck(const Pdk& pdk, const ModelDeckRequest& request) {
  return request.library == ModelLibrary::combined ? combined_deck(pdk, request) : binned_deck(pdk, request);
}

std::set<std::string> devices_used(const std::string& netlist_text) {
  static const std::regex token(kDevicePrefix + R"(([a-z0-9_]+?)(?:__[a-z0-9_]*)?\b)", std::regex::icase);
  std::set<std::string> devices;
  std::istringstream lines(netlist_text);
  for (std::string line; std::getline(lines, line);) {
    // A device named in a comment (e.g. "intended sky130_fd_pr__cap_mim_m3_1") is not used.
    if (auto first = line.find_first_not_of(" \t"); first == std::string::npos || line[first] == '*') continue;
    if (auto comment = line.find_first_of("$;"); comment != std::string::npos) line.erase(comment);
    for (std::sregex_iterator it(line.begin(), line.end(), token), end; it != end; ++it) devices.insert((*it)[1].str());
  }
  return devices;
}

}  // namespace logsgd
