// Small text helpers shared by the loaders and the report writers.
#pragma once
#include <filesystem>
#include <string>

namespace logsgd {

// The whole file; throws ConfigError "<path>: cannot read file".
std::string read_text_file(const std::filesystem::path& path);

// Writes the whole file; throws std::runtime_error "<path>: cannot write file".
void write_text_file(const std::filesystem::path& path, const std::string& text);

// Escapes &, <, >, " and ' for XML and HTML text and attributes; drops other control characters.
std::string escape_markup(const std::string& text);

}  // namespace logsgd
