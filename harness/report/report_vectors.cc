#include <fmt/format.h>

#include <sstream>

#include "report.h"
#include "text_file.h"

namespace logsgd {

void write_kept_vectors(const RunResult& run, const std::filesystem::path& dir) {
  for (const auto& o : run.outcomes) {
    if (o.sim.vectors.empty() || o.job.sample >= 0) continue;  // Monte Carlo vectors stay in results.sqlite
    std::filesystem::create_directories(dir);
    const std::filesystem::path file = dir / (o.job.condition.id + ".csv");
    std::ostringstream out;
    std::size_t rows = 0;
    bool first = true;
    for (const auto& [name, v] : o.sim.vectors) {
      out << (first ? "" : ",") << name;
      first = false;
      rows = std::max(rows, v.real.size());
    }
    out << "\n";
    for (std::size_t r = 0; r < rows; ++r) {
      first = true;
      for (const auto& [name, v] : o.sim.vectors) {
        out << (first ? "" : ",") << (r < v.real.size() ? fmt::format("{:.10g}", v.real[r]) : "");
        first = false;
      }
      out << "\n";
    }
    write_text_file(file, out.str());
  }
}

}  // namespace logsgd
