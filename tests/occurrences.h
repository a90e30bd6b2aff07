// How often a text holds a substring (overlapping matches counted): tests that check a report
// names something once, or as many times as there are jobs.
#pragma once
#include <cstddef>
#include <string>

inline std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}
