// A suite: the runs a nightly (or a smoke check) makes, listed in one YAML file
// (suites/<name>.yaml). Each entry names a testbench and, optionally, corner sets and model
// libraries; an entry with several of either expands to their product, one run each:
//
//   name: nightly
//   description: what the night proves
//   entries:
//     - testbench: device_subthreshold
//       corners: [temperature, nightly]      # corners/<name>.yaml, or a path from the project root
//       library: [combined, binned]          # optional: the corner file's, else combined
//     - {testbench: mirror_views}            # the testbench's own corner set
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "pdk.h"

namespace logsgd {

struct SuiteEntry {
  std::string name;                              // <testbench>[-<corners>][-<library>]: its sub-folder
  std::filesystem::path testbench;               // the testbench folder (absolute)
  std::optional<std::filesystem::path> corners;  // none: the testbench's own corner set
  std::optional<ModelLibrary> library;           // none: the corner file's, else combined
};

struct Suite {
  std::string name;
  std::string description;
  std::filesystem::path path;
  std::vector<SuiteEntry> entries;
};

// Throws ConfigError naming file:line and key for a malformed file, a testbench or corner set
// that does not exist, or two entries that would share a folder.
Suite load_suite(const std::filesystem::path& file, const std::filesystem::path& project_root);

}  // namespace logsgd
