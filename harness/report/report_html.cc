#include <fmt/format.h>

#include <boost/beast/core/detail/base64.hpp>
#include <fstream>
#include <regex>
#include <sstream>

#include "report_document.h"
#include "text_file.h"

namespace logsgd {

namespace {


// The Markdown inline syntax the document uses: **bold**, `code` and [links](target). A link to a
// Markdown file points at its HTML twin (every report.md has a report.html beside it), so the
// HTML pages link to each other.
std::string inline_html(const std::string& text) {
  static const std::regex bold(R"(\*\*([^*]+)\*\*)"), code("`([^`]+)`"),
      markdown_link(R"(\[([^\]]+)\]\(([^)\s]+)\.md\))"), link(R"(\[([^\]]+)\]\(([^)\s]+)\))");
  std::string html = std::regex_replace(escape_markup(text), bold, "<b>$1</b>");
  html = std::regex_replace(html, code, "<code>$1</code>");
  html = std::regex_replace(html, markdown_link, "<a href=\"$2.html\">$1</a>");
  return std::regex_replace(html, link, "<a href=\"$2\">$1</a>");
}

std::string status_class(const std::string& cell) {
  if (cell.rfind("FAIL", 0) == 0) return " class=\"fail\"";
  if (cell.rfind("ERROR", 0) == 0) return " class=\"error\"";
  if (cell.rfind("near", 0) == 0) return " class=\"near\"";
  if (cell == "info" || cell.rfind("info (", 0) == 0) return " class=\"info\"";
  if (cell == "pass" || cell == "PASS" || cell.rfind("pass (", 0) == 0) return " class=\"pass\"";
  return "";
}

std::string embedded_png(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string bytes = buffer.str();
  std::string encoded(boost::beast::detail::base64::encoded_size(bytes.size()), '\0');
  encoded.resize(boost::beast::detail::base64::encode(encoded.data(), bytes.data(), bytes.size()));
  return "data:image/png;base64," + encoded;
}

const char* kStyle = R"(body{font-family:sans-serif;max-width:1200px;margin:2em auto;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:90%}th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}
th{background:#f0f0f0}td.pass{background:#e6f4e6}td.near{background:#fff4d6}td.fail{background:#fbdada;font-weight:bold}
td.error{background:#f3d9f7;font-weight:bold}code{background:#f4f4f4;padding:0 3px}img{max-width:100%}
figure{margin:1em 0}figcaption{font-size:90%;color:#555}td.info{background:#e8eef7;color:#345}
.verdict{padding:.8em 1.2em;border-radius:6px;font-size:120%;margin:1em 0;color:#fff}.verdict b{font-size:130%;margin-right:.6em}
.verdict.PASS{background:#2e7d32}.verdict.FAIL{background:#c62828}.verdict.ERROR{background:#6a1b9a}
.counts span{display:inline-block;margin-right:1em}nav.contents{background:#f7f7f7;border:1px solid #ddd;padding:.5em 1.5em;display:inline-block}
nav.contents ul{margin:.3em 0;padding-left:1.2em}.figures{display:flex;gap:1%}.figures figure{flex:1;margin:1em 0})";

}  // namespace

void write_html(const ReportDocument& document, const std::filesystem::path& file, const std::filesystem::path& run_dir) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" << escape_markup(document.title) << "</title><style>"
      << kStyle << "</style></head><body>\n<h1>" << escape_markup(document.title) << "</h1>\n";
  if (document.verdict) {
    const auto& v = *document.verdict;
    out << fmt::format("<div class=\"verdict {0}\"><b>{0}</b><span class=\"counts\"><span>{1} pass</span><span>{2} near</span>"
                       "<span>{3} fail</span><span>{4} error</span><span>{5} info</span></span>{6}</div>\n",
                       escape_markup(v.word), v.pass, v.near, v.fail, v.error, v.info,
                       v.detail.empty() ? "" : "<div>" + escape_markup(v.detail) + "</div>");
  }
  if (document.contents) {
    std::string items;
    for (const auto& section : document.sections)
      if (!section.heading.empty())
        items += fmt::format("<li><a href=\"#{}\">{}</a></li>", escape_markup(heading_anchor(section.heading)),
                             escape_markup(section.heading));
    if (!items.empty()) out << "<nav class=\"contents\"><b>Contents</b><ul>" << items << "</ul></nav>\n";
  }
  for (const auto& section : document.sections) {
    if (!section.heading.empty())
      out << "<h2 id=\"" << escape_markup(heading_anchor(section.heading)) << "\">" << escape_markup(section.heading)
          << "</h2>\n";
    for (const auto& block : section.blocks) {
      switch (block.kind) {
        case ReportBlock::Kind::paragraph: out << "<p>" << inline_html(block.text) << "</p>\n"; break;
        case ReportBlock::Kind::image:
          out << fmt::format("<figure><img alt=\"{0}\" src=\"{1}\"><figcaption>{0}</figcaption></figure>\n",
                             escape_markup(block.text), embedded_png(run_dir / block.image));
          break;
        case ReportBlock::Kind::figures:
          out << "<div class=\"figures\">";
          for (const auto& [caption, path] : block.figures)
            out << fmt::format("<figure><img alt=\"{0}\" src=\"{1}\"><figcaption>{0}</figcaption></figure>",
                               escape_markup(caption), embedded_png(run_dir / path));
          out << "</div>\n";
          break;
        case ReportBlock::Kind::table:
          out << "<table><tr>";
          for (const auto& h : block.header) out << "<th>" << inline_html(h) << "</th>";
          out << "</tr>\n";
          for (const auto& row : block.rows) {
            out << "<tr>";
            for (const auto& c : row) out << "<td" << status_class(c) << ">" << inline_html(c) << "</td>";
            out << "</tr>\n";
          }
          out << "</table>\n";
          break;
      }
    }
  }
  out << "</body></html>\n";
  write_text_file(file, out.str());
}

}  // namespace logsgd
