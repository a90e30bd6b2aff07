// The command line's values that CLI11 cannot check on its own, and the command line as a
// reproducible string for the report.
#pragma once
#include <optional>
#include <string>
#include <utility>

namespace logsgd {

// A seed is 0 .. 2^64-1 written in plain decimal digits. "-1" (which strtoul would wrap to
// 18446744073709551615), "+1", "1e3", " 1" and values beyond 2^64-1 are refused: nullopt.
std::optional<unsigned long long> parse_seed(const std::string& text);

// "k/N" with 1 <= k <= N: {k, N}; anything else: nullopt.
std::optional<std::pair<int, int>> parse_shard(const std::string& text);

// argv joined with spaces, each argument single-quoted for a POSIX shell when it needs it.
std::string shell_command_line(int argc, const char* const* argv);

}  // namespace logsgd
