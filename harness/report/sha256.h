// SHA-256 of a file's bytes (OpenSSL's libcrypto), as 64 lower-case hex digits: what a report
// records for each model file, so two runs can be shown to have used the same models.
#pragma once
#include <filesystem>
#include <string>

namespace logsgd {

// Throws std::runtime_error "<path>: cannot read file" when the file cannot be read.
std::string sha256_file(const std::filesystem::path& path);
std::string sha256_text(const std::string& text);

}  // namespace logsgd
