#include <fmt/format.h>

#include <sstream>

#include "report.h"
#include "report_document.h"
#include "text_file.h"

namespace logsgd {

static std::string cell(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : c == '\n' ? std::string(" ") : std::string(1, c);
  return out;
}

void write_markdown(const ReportDocument& document, const std::filesystem::path& file) {
  std::ostringstream out;
  out << "# " << document.title << "\n";
  if (document.verdict) {
    const auto& v = *document.verdict;
    out << fmt::format("\n> **Verdict: {}** — {} pass · {} near · {} fail · {} error · {} info{}\n", v.word, v.pass,
                       v.near, v.fail, v.error, v.info, v.detail.empty() ? "" : "; " + v.detail);
  }
  if (document.contents) {
    std::string contents;
    for (const auto& section : document.sections)
      if (!section.heading.empty())
        contents += fmt::format("- [{}](#{})\n", section.heading, heading_anchor(section.heading));
    if (!contents.empty()) out << "\n**Contents**\n\n" << contents;
  }
  for (const auto& section : document.sections) {
    if (!section.heading.empty()) out << "\n## " << section.heading << "\n";
    for (const auto& block : section.blocks) {
      out << "\n";
      switch (block.kind) {
        case ReportBlock::Kind::paragraph: out << block.text << "\n"; break;
        case ReportBlock::Kind::image: out << fmt::format("![{}]({})\n", block.text, block.image); break;
        case ReportBlock::Kind::figures:
          // One line: renderers put the images side by side where the page is wide enough.
          for (const auto& [caption, path] : block.figures) out << fmt::format("![{}]({}) ", caption, path);
          out << "\n";
          break;
        case ReportBlock::Kind::table:
          out << "|";
          for (const auto& h : block.header) out << " " << cell(h) << " |";
          out << "\n|";
          for (std::size_t i = 0; i < block.header.size(); ++i) out << "---|";
          out << "\n";
          for (const auto& row : block.rows) {
            out << "|";
            for (const auto& c : row) out << " " << cell(c) << " |";
            out << "\n";
          }
          break;
      }
    }
  }
  write_text_file(file, out.str());
}

}  // namespace logsgd
