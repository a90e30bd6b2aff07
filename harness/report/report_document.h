// The report's content, built once from a run and rendered as Markdown and as self-contained HTML.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "run_result.h"
#include "statistics.h"

namespace logsgd {

struct ReportBlock {
  // figures: images side by side (e.g. the weights beside their error), each {caption, path}.
  enum class Kind { paragraph, table, image, figures } kind = Kind::paragraph;
  std::string text;                             // paragraph (Markdown inline syntax), image caption
  std::vector<std::string> header;              // table
  std::vector<std::vector<std::string>> rows;   // table
  std::string image;                            // path relative to the run folder
  std::vector<std::pair<std::string, std::string>> figures;
};

struct ReportSection {
  std::string heading;
  std::vector<ReportBlock> blocks;
};

// The verdict and its counts, shown first as a banner (coloured in HTML). pass excludes near;
// info counts the checks that had no limit to pass; error counts failed checks and failed jobs.
struct ReportVerdict {
  std::string word;  // PASS, FAIL or ERROR (as the exit code: 0, 2, 1)
  int pass = 0, near = 0, fail = 0, error = 0, info = 0;
  std::string detail;  // e.g. "3 of 3 simulations succeeded"
};

struct ReportDocument {
  std::string title;
  std::optional<ReportVerdict> verdict;
  bool contents = true;                 // a table of contents of the headed sections after the banner
  std::vector<ReportSection> sections;  // the first has no heading: the summary
};

// The anchor of a heading, as GitHub derives it (lower case, spaces to '-', ASCII punctuation
// other than '-' and '_' dropped): the Markdown table of contents links to what GitHub renders,
// and the HTML page gives its headings the same ids.
std::string heading_anchor(const std::string& heading);

// The verdict line as text: "FAIL — 10 pass · 1 near · 2 fail · 0 error · 3 info".
std::string verdict_line(const ReportVerdict& verdict);

ReportDocument build_report(const RunResult& run, const std::vector<SpecStatistics>& statistics);

void write_markdown(const ReportDocument& document, const std::filesystem::path& file);
// Images are embedded (base64), so the page is one file a reviewer can mail around.
void write_html(const ReportDocument& document, const std::filesystem::path& file, const std::filesystem::path& run_dir);

}  // namespace logsgd
