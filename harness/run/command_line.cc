#include "command_line.h"

#include <charconv>

namespace logsgd {

namespace {

// Whole-string decimal digits into `value`, false on anything else or overflow.
template <typename T>
bool parse_digits(const std::string& text, T& value) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::optional<unsigned long long> parse_seed(const std::string& text) {
  unsigned long long value = 0;
  if (!parse_digits(text, value)) return std::nullopt;
  return value;
}

std::optional<std::pair<int, int>> parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  int k = 0, n = 0;
  if (slash == std::string::npos || !parse_digits(text.substr(0, slash), k) || !parse_digits(text.substr(slash + 1), n))
    return std::nullopt;
  if (k < 1 || k > n) return std::nullopt;
  return std::pair{k, n};
}

std::string shell_command_line(int argc, const char* const* argv) {
  std::string line;
  for (int i = 0; i < argc; ++i) {
    std::string arg = argv[i];
    const bool plain = !arg.empty() && arg.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                             "0123456789_-+=/.,:@%") == std::string::npos;
    if (!plain) {
      std::string quoted = "'";
      for (char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
      arg = quoted + "'";
    }
    line += (line.empty() ? "" : " ") + arg;
  }
  return line;
}

}  // namespace logsgd
