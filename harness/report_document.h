// The report's content, built once from a run and rendered as Markdown and as self-contained HTML.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "run_result.h"
#include "statistics.h"

namespace logsgd {

struct ReportBlock {
  enum class Kind { paragraph, table, image } kind = Kind::paragraph;
  std::string text;                             // paragraph (Markdown inline syntax), image caption
  std::vector<std::string> header;              // table
  std::vector<std::vector<std::string>> rows;   // table
  std::string image;                            // path relative to the run folder
};

struct ReportSection {
  std::string heading;
  std::vector<ReportBlock> blocks;
};

struct ReportDocument {
  std::string title;
  std::vector<ReportSection> sections;  // the first has no heading: the summary
};

ReportDocument build_report(const RunResult& run, const std::vector<SpecStatistics>& statistics);

void write_markdown(const ReportDocument& document, const std::filesystem::path& file);
// Images are embedded (base64), so the page is one file a reviewer can mail around.
void write_html(const ReportDocument& document, const std::filesystem::path& file, const std::filesystem::path& run_dir);

}  // namespace logsgd
