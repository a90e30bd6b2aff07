// Small text helpers shared by the loaders and the report writers.
#pragma once
#include <filesystem>
#include <string>

namespace logsgd {

// The whole file; throws ConfigError "<path>: cannot read file".
std::string read_text_file(const std::filesystem::path& path);

// Writes the whole file atomically: the text goes to a temporary file in the same folder, is
// flushed to disk and checked, and only then renamed over `path`. A reader (or a later run) sees
// the old file or the complete new one, never a truncated one; a full disk, a missing or
// read-only folder or a target that is not a regular file throws std::runtime_error
// "<path>: cannot write file: <reason>" and leaves no temporary file behind.
void write_text_file(const std::filesystem::path& path, const std::string& text);

// Escapes &, <, >, " and ' for XML and HTML text and attributes; drops other control characters.
std::string escape_markup(const std::string& text);

}  // namespace logsgd
