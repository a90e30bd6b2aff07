#include "project.h"

#include <fmt/format.h>

#include <cstdlib>

#include "config_error.h"

namespace logsgd {

std::filesystem::path find_project_root(const std::filesystem::path& start) {
  namespace fs = std::filesystem;
  if (const char* root = std::getenv("LOGSGD_ROOT"); root && *root) return fs::absolute(root);
  for (fs::path dir = fs::absolute(start); ; dir = dir.parent_path()) {
    if (fs::is_directory(dir / "cells") && fs::is_directory(dir / "testbenches")) return dir;
    if (dir == dir.parent_path()) break;
  }
  throw ConfigError(fmt::format("no logsgd project (a folder with cells/ and testbenches/) at or above {}; "
                                "run from the project or set LOGSGD_ROOT",
                                fs::absolute(start).string()));
}

}  // namespace logsgd
