// spice.h -- runs ngspice in batch mode on a generated netlist and reads the
// tables it writes with `wrdata`.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace testing {

struct SpiceRun {
    int exitCode = -1;
    std::string output;  // everything ngspice printed
};

// Writes <workDir>/<name>.cir and runs `ngspice -b` on it in workDir.
SpiceRun runNgspice(const std::string &name, const std::string &netlist);

// A wrdata table written with `set wr_singlescale` and `set wr_vecnames`.
// Complex vectors give two columns: "v(x)" (real part) and "v(x)#im".
struct Table {
    std::map<std::string, std::vector<double>> columns;
    size_t rows() const { return columns.empty() ? 0 : columns.begin()->second.size(); }
    const std::vector<double> &operator[](const std::string &name) const;
};

Table readTable(const std::string &path);

// The .control lines that make wrdata files parseable at full precision.
const char *wrdataSettings();

}  // namespace testing
