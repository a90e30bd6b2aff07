#include "pdk.h"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>

#include "config_error.h"

namespace logsgd {

ModelLibrary parse_model_library(const std::string& name) {
  if (name == "combined") return ModelLibrary::combined;
  if (name == "binned") return ModelLibrary::binned;
  throw ConfigError(fmt::format("unknown model library '{}' (expected combined or binned)", name));
}

std::string to_string(ModelLibrary library) {
  return library == ModelLibrary::combined ? "combined" : "binned";
}

Pdk::Pdk(fs::path root, std::string name) : root_(std::move(root)), name_(std::move(name)) {}

Pdk Pdk::from_environment() {
  const char* root = std::getenv("PDK_ROOT");
  const char* name = std::getenv("PDK");
  if (!root || !*root)
    throw ConfigError("PDK_ROOT is not set: point it at the directory that holds sky130A "
                      "(for this project's CI: PDK_ROOT=../shared/pdk)");
  Pdk pdk(fs::absolute(root).lexically_normal(), name && *name ? name : "sky130A");
  auto problems = pdk.problems();
  if (!problems.empty()) {
    std::string text = fmt::format("the PDK at {} is missing or incomplete:", pdk.dir().string());
    for (const auto& p : problems) text += "\n  " + p;
    throw ConfigError(text);
  }
  return pdk;
}

fs::path Pdk::library_dir(ModelLibrary library) const {
  return dir() / "libs.tech" / (library == ModelLibrary::combined ? "combined" : "ngspice");
}

fs::path Pdk::library_file(ModelLibrary library) const { return library_dir(library) / "sky130.lib.spice"; }

fs::path Pdk::spinit() const {
  fs::path path = library_dir(ModelLibrary::binned) / "spinit";
  // In some trees spinit is a git symlink checked out as text: one line naming its target.
  std::ifstream in(path);
  std::string first, rest;
  if (in && std::getline(in, first) && !std::getline(in, rest) && first.find_first_of(" *") == std::string::npos &&
      !first.empty() && fs::exists(path.parent_path() / first))
    return path.parent_path() / first;
  return path;
}

std::vector<std::string> Pdk::problems() const {
  std::vector<std::string> missing;
  auto require = [&](const fs::path& path) {
    if (!fs::exists(path)) missing.push_back(fmt::format("not found: {}", path.string()));
  };
  require(dir());
  require(library_file(ModelLibrary::combined));
  require(library_dir(ModelLibrary::combined) / "continuous" / "models_global.spice");
  require(library_file(ModelLibrary::binned));
  require(library_dir(ModelLibrary::binned) / "parameters" / "lod.spice");
  require(spinit());
  require(dir() / "libs.ref" / "sky130_fd_pr" / "spice");
  return missing;
}

}  // namespace logsgd
