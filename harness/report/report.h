// Report: the run's results as a reviewer reads them (report.md), as data (results.json),
// and for CI (junit.xml, one testcase per spec x condition).
#pragma once
#include <filesystem>
#include <string>

#include "run_result.h"
#include "units.h"

namespace logsgd {

void write_json_results(const RunResult& run, const std::filesystem::path& file);
void write_junit(const RunResult& run, const std::filesystem::path& file);
// One CSV per nominal job with the testbench's kept vectors: vectors/<condition>.csv
void write_kept_vectors(const RunResult& run, const std::filesystem::path& dir);

}  // namespace logsgd
