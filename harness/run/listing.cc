#include "listing.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "config_error.h"
#include "corner_set.h"
#include "measure.h"
#include "testbench.h"

namespace logsgd {

namespace fs = std::filesystem;

static std::vector<fs::path> sorted_entries(const fs::path& dir) {
  std::vector<fs::path> entries;
  if (fs::is_directory(dir))
    for (const auto& e : fs::directory_iterator(dir)) entries.push_back(e.path());
  std::sort(entries.begin(), entries.end());
  return entries;
}

void print_listing(const fs::path& root, std::FILE* out) {
  fmt::print(out, "testbenches ({}):\n", (root / "testbenches").string());
  for (const auto& dir : sorted_entries(root / "testbenches")) {
    if (!fs::exists(dir / "testbench.yaml")) continue;
    try {
      Testbench tb = load_testbench(dir, root);
      fmt::print(out, "  {:<28} {}\n", tb.name, tb.description.substr(0, tb.description.find('\n')));
      if (const auto& dut = tb.dut_inventory)
        fmt::print(out, "  {:<28} DUT {} ({}): {} PDK devices, {} ideal elements\n", "", dut->instance, dut->subckt,
                   dut->pdk_devices, dut->ideal.size());
    } catch (const ConfigError& e) {
      fmt::print(out, "  {:<28} INVALID: {}\n", dir.filename().string(), e.what());
    }
  }
  fmt::print(out, "cells:\n");
  for (const auto& dir : sorted_entries(root / "cells"))
    if (fs::is_directory(dir)) fmt::print(out, "  {}\n", dir.filename().string());
  fmt::print(out, "corner sets:\n");
  for (const auto& file : sorted_entries(root / "corners")) {
    if (file.extension() != ".yaml") continue;
    try {
      CornerSet set = load_corner_set(file);
      fmt::print(out, "  {:<28} {} conditions: {}\n", file.filename().string(), set.conditions().size(), set.description);
    } catch (const ConfigError& e) {
      fmt::print(out, "  {:<28} INVALID: {}\n", file.filename().string(), e.what());
    }
  }
  fmt::print(out, "measure functions:\n");
  for (const auto& f : measure_functions()) fmt::print(out, "  {:<28} {}\n", f.name, f.description);
}

}  // namespace logsgd
