// The kit's own folders (cells/, testbenches/, corners/, results/), found from where we stand.
#pragma once
#include <filesystem>

namespace logsgd {

// $LOGSGD_ROOT, else the nearest folder at or above `start` holding cells/ and testbenches/.
// Throws ConfigError when there is none.
std::filesystem::path find_project_root(const std::filesystem::path& start);

}  // namespace logsgd
