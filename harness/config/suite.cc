#include "suite.h"

#include <fmt/format.h>

#include <set>

#include "config_error.h"
#include "spice_value.h"
#include "yaml_node.h"

namespace logsgd {

namespace fs = std::filesystem;

namespace {

// A bare name is the project's testbenches/<name> or corners/<name>.yaml; anything with a slash
// or a .yaml suffix is a path from the project root (the suite runs the same from any folder).
fs::path testbench_folder(const YamlNode& node, const fs::path& root) {
  const std::string text = node.as_string();
  const fs::path folder = text.find('/') == std::string::npos ? root / "testbenches" / text : root / text;
  if (!fs::is_regular_file(folder / "testbench.yaml"))
    node.fail(fmt::format("no testbench '{}' ({} does not exist)", text, (folder / "testbench.yaml").string()));
  return fs::weakly_canonical(folder);
}

fs::path corner_file(const YamlNode& node, const std::string& text, const fs::path& root) {
  const bool path = text.find('/') != std::string::npos || fs::path(text).extension() == ".yaml";
  const fs::path file = path ? root / text : root / "corners" / (text + ".yaml");
  if (!fs::is_regular_file(file)) node.fail(fmt::format("no corner set '{}' ({} does not exist)", text, file.string()));
  return fs::weakly_canonical(file);
}

}  // namespace

Suite load_suite(const fs::path& file, const fs::path& project_root) {
  YamlNode root = YamlNode::load_file(file.string());
  root.expect_keys({"name", "description", "entries"});
  Suite suite;
  suite.path = fs::absolute(file);
  suite.name = root.string_or("name", file.stem().string());
  if (!is_safe_identifier(suite.name)) root.at("name").fail("a suite name is letters, digits and _");
  suite.description = root.string_or("description", "");
  const YamlNode entries = root.at("entries");
  if (!entries.is_sequence() || entries.items().empty()) entries.fail("entries is a non-empty list");
  std::set<std::string> names;
  for (const auto& item : entries.items()) {
    item.expect_keys({"testbench", "corners", "library"});
    const YamlNode testbench_node = item.at("testbench");
    const fs::path testbench = testbench_folder(testbench_node, project_root);
    // Corner sets and libraries: none (the defaults), one, or several (one run each).
    std::vector<std::optional<fs::path>> corner_sets{std::nullopt};
    if (auto corners = item.find("corners")) {
      corner_sets.clear();
      for (const auto& text : corners->as_strings()) corner_sets.push_back(corner_file(*corners, text, project_root));
      if (corner_sets.empty()) corners->fail("corners names at least one corner set");
    }
    std::vector<std::optional<ModelLibrary>> libraries{std::nullopt};
    if (auto library = item.find("library")) {
      libraries.clear();
      for (const auto& text : library->as_strings()) {
        if (text != "combined" && text != "binned") library->fail(fmt::format("library '{}' is combined or binned", text));
        libraries.push_back(parse_model_library(text));
      }
      if (libraries.empty()) library->fail("library names at least one model library");
    }
    for (const auto& corners : corner_sets)
      for (const auto& library : libraries) {
        SuiteEntry entry{testbench.filename().string(), testbench, corners, library};
        if (corners) entry.name += "-" + corners->stem().string();
        if (library) entry.name += "-" + to_string(*library);
        if (!names.insert(entry.name).second)
          item.fail(fmt::format("entry '{}' is listed twice (each entry runs into its own folder)", entry.name));
        suite.entries.push_back(entry);
      }
  }
  return suite;
}

}  // namespace logsgd
