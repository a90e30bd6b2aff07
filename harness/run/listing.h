// `logsgd list`: what the kit holds, read from its folders.
#pragma once
#include <cstdio>
#include <filesystem>

namespace logsgd {

void print_listing(const std::filesystem::path& project_root, std::FILE* out);

}  // namespace logsgd
