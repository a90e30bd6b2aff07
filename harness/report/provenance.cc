#include "provenance.h"

#include <unistd.h>

#include <ctime>
#include <regex>
#include <set>
#include <sstream>

namespace logsgd {

std::string utc_now_iso8601() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "unknown";
  return name;
}

std::vector<std::string> included_files(const std::string& netlist) {
  // The model deck writes every include as `.include "<absolute path>"` (model_deck.cc).
  static const std::regex include(R"re(^\s*\.include\s+"([^"]+)"\s*$)re", std::regex::icase);
  std::vector<std::string> files;
  std::set<std::string> seen;
  std::istringstream in(netlist);
  std::smatch match;
  for (std::string line; std::getline(in, line);)
    if (std::regex_match(line, match, include) && seen.insert(match[1].str()).second) files.push_back(match[1].str());
  return files;
}

}  // namespace logsgd
