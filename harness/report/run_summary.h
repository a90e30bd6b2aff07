// What the console shows after a run: the verdict line, then what needs a look without opening
// the report — the failing checks (job, result, value, limit, reason) and the failed simulations
// with their reason, each list capped so a 1000-sample run does not flood the terminal.
#pragma once
#include <filesystem>
#include <string>

#include "run_result.h"

namespace logsgd {

// Plain text, lines ending in '\n'; `report` is named where a capped list sends the reader.
std::string run_summary(const RunResult& run, const std::filesystem::path& report, std::size_t max_lines = 20);

}  // namespace logsgd
