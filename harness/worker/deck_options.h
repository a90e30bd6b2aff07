// The simulator options a deck sets on its `.option` / `.options` lines (name=value, numbers
// only; a later line wins), e.g. the tolerances its analyses run with. The worker's DC
// algorithms solve with tighter ones and put these back before the deck's own analyses.
#pragma once
#include <map>
#include <string>

namespace logsgd {

// Lower-case option name -> value. `+` continuation lines of an .option line are read too.
std::map<std::string, double> deck_options(const std::string& netlist);

}  // namespace logsgd
