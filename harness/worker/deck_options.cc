#include "deck_options.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "spice_value.h"

namespace logsgd {

std::map<std::string, double> deck_options(const std::string& netlist) {
  std::map<std::string, double> options;
  std::istringstream in(netlist);
  bool in_option = false;  // the last non-comment line was an .option line (for `+` lines)
  for (std::string line; std::getline(in, line);) {
    std::transform(line.begin(), line.end(), line.begin(), [](unsigned char c) { return std::tolower(c); });
    const std::size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '*') continue;
    std::string rest = line.substr(start);
    if (rest[0] == '+') {
      if (!in_option) continue;
      rest = rest.substr(1);
    } else {
      in_option = rest.rfind(".option", 0) == 0;  // .option and .options
      if (!in_option) continue;
      rest = rest.substr(rest.find_first_of(" \t") == std::string::npos ? rest.size() : rest.find_first_of(" \t"));
    }
    // name = value pairs, spaces around '=' allowed
    std::string spaced;
    for (char c : rest) spaced += c == '=' ? std::string(" = ") : std::string(1, c);
    std::istringstream words(spaced);
    std::string name, equals, value;
    while (words >> name) {
      if (!(words >> equals) || equals != "=") break;
      if (!(words >> value)) break;
      if (auto number = parse_spice_number(value)) options[name] = *number;
    }
  }
  return options;
}

}  // namespace logsgd
