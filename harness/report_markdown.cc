#include <fmt/format.h>

#include <cmath>
#include <sstream>

#include "report.h"
#include "report_document.h"
#include "text_file.h"

namespace logsgd {

std::string format_value(double value, const std::string& unit) {
  if (!std::isfinite(value)) return "—";
  if (unit.empty() || value == 0) return fmt::format("{:.4g}{}", value, unit.empty() ? "" : " " + unit);
  static const std::pair<double, const char*> prefixes[] = {{1e9, "G"},  {1e6, "M"},  {1e3, "k"},  {1, ""},
                                                            {1e-3, "m"}, {1e-6, "µ"}, {1e-9, "n"}, {1e-12, "p"},
                                                            {1e-15, "f"}, {1e-18, "a"}};
  for (const auto& [scale, prefix] : prefixes)
    if (std::fabs(value) >= scale * 0.9995) return fmt::format("{:.4g} {}{}", value / scale, prefix, unit);
  return fmt::format("{:.4g} {}", value, unit);
}

static std::string cell(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : c == '\n' ? std::string(" ") : std::string(1, c);
  return out;
}

void write_markdown(const ReportDocument& document, const std::filesystem::path& file) {
  std::ostringstream out;
  out << "# " << document.title << "\n";
  for (const auto& section : document.sections) {
    if (!section.heading.empty()) out << "\n## " << section.heading << "\n";
    for (const auto& block : section.blocks) {
      out << "\n";
      switch (block.kind) {
        case ReportBlock::Kind::paragraph: out << block.text << "\n"; break;
        case ReportBlock::Kind::image: out << fmt::format("![{}]({})\n", block.text, block.image); break;
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
