#include "support/spice.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/workdir.h"
#include "toolchain.h"

namespace testing {

SpiceRun runNgspice(const std::string &name, const std::string &netlist) {
    std::string cir = workDir() + "/" + name + ".cir";
    std::ofstream(cir) << netlist;
    // ngspice resolves pre_osdi and wrdata paths against the working directory.
    va::ToolResult r = va::runTool({"sh", "-c", "cd '" + workDir() + "' && exec ngspice -b '" + name + ".cir'"});
    return SpiceRun{r.exitCode, r.output};
}

const std::vector<double> &Table::operator[](const std::string &name) const {
    auto it = columns.find(name);
    if (it == columns.end()) throw std::runtime_error("no column " + name);
    return it->second;
}

Table readTable(const std::string &path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::string line;
    std::getline(in, line);
    std::vector<std::string> names;
    std::istringstream hs(line);
    for (std::string n; hs >> n;) {
        if (!names.empty() && (names.back() == n)) n += "#im";
        names.push_back(n);
    }
    Table t;
    for (auto &n : names) t.columns[n];
    while (std::getline(in, line)) {
        std::istringstream ls(line);
        std::vector<double> row;
        for (double v; ls >> v;) row.push_back(v);
        if (row.empty()) continue;
        if (row.size() != names.size()) throw std::runtime_error("ragged wrdata row in " + path);
        for (size_t i = 0; i < names.size(); ++i) t.columns[names[i]].push_back(row[i]);
    }
    return t;
}

const char *wrdataSettings() { return "set wr_singlescale\nset wr_vecnames\noption numdgt=15\n"; }

}  // namespace testing
