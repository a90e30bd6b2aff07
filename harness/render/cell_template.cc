#include "cell_template.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <variant>

#include "config_error.h"

namespace logsgd {

namespace {

// A bound on the text one instance can make the kit write (a typo such as n4000000), not a
// limit of the circuit.
constexpr long kMaxSize = 10000;

struct Line {
  std::string text;  // as written, without its newline
  int number;        // 1-based, in the source's text
};

struct Repeat {
  std::string from, to;  // the range's ends as written: a whole number, N, N+k or N-k
  int number;            // the *@repeat line
  std::vector<Line> lines;
};

struct Template {
  std::string name;        // as written, with <N>
  Line header;             // the .subckt line
  std::vector<std::variant<Line, Repeat>> body;  // up to and including the .ends line
};

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string first_word(const std::string& line) {
  std::istringstream words(line);
  std::string word;
  words >> word;
  return lower(word);
}

bool is_comment(const std::string& line) {
  const auto start = line.find_first_not_of(" \t");
  return start != std::string::npos && line[start] == '*';
}

// The directive of a `*@word ...` line ("repeat", "end", ...), or empty.
std::string directive(const std::string& line) {
  static const std::regex pattern(R"(^\s*\*@(\w*))");
  std::smatch match;
  return std::regex_search(line, match, pattern) ? match[1].str() : "";
}

long offset_value(const std::string& text, const std::string& where) {
  if (text.empty()) return 0;
  if (text.size() > 6) throw ConfigError(fmt::format("{}: the offset {} is too large", where, text));
  return std::stol(text);
}

const std::regex& marker_pattern() {
  static const std::regex pattern(R"(<([Ni])([+-]\d+)?>)");
  return pattern;
}

// `text` with every marker replaced by its value; `i` empty outside a repeat block.
std::string substituted(const std::string& text, long n, std::optional<long> i, const std::string& where) {
  std::string result;
  auto last = text.cbegin();
  for (std::sregex_iterator it(text.begin(), text.end(), marker_pattern()), end; it != end; ++it) {
    const auto& match = *it;
    long value = n;
    if (match[1] == "i") {
      if (!i) throw ConfigError(fmt::format("{}: {} outside a *@repeat block", where, match.str()));
      value = *i;
    }
    result.append(last, match[0].first);
    result += std::to_string(value + offset_value(match[2].str(), where));
    last = match[0].second;
  }
  result.append(last, text.cend());
  return result;
}

// A range end: a whole number, N, N+k or N-k.
long range_end(const std::string& text, long n, const std::string& where) {
  static const std::regex pattern(R"((\d{1,6})|N([+-]\d+)?)");
  std::smatch match;
  if (!std::regex_match(text, match, pattern))
    throw ConfigError(fmt::format("{}: '{}' is not a range end (a whole number, N, N+k or N-k)", where, text));
  if (match[1].matched) return std::stol(match[1].str());
  return n + offset_value(match[2].str(), where);
}

std::vector<Line> split_lines(const std::string& text) {
  std::vector<Line> lines;
  std::istringstream in(text);
  int number = 0;
  for (std::string line; std::getline(in, line);) lines.push_back({line, ++number});
  return lines;
}

// Reads the template starting at lines[at] (its .subckt line) up to its .ends; `at` ends past it.
Template read_template(const std::vector<Line>& lines, std::size_t& at, const SpiceSource& source) {
  const Line& header = lines[at];
  std::istringstream words(header.text);
  std::string word, name;
  words >> word >> name;
  Template result{name, header, {}};
  // The name is where an instance's digits go: <N> once, nothing else to compute.
  if (name.find("<N>") == std::string::npos || std::count(name.begin(), name.end(), '<') != 1)
    throw ConfigError(fmt::format("{}: a template's name holds <N> once and no other marker: '{}'",
                                  source.where(header.number), name));
  // Every marker and range is checked as it is read (substituted at N = i = 1 and dropped), so a
  // template no testbench instantiates yet is still refused when malformed.
  std::smatch match;
  substituted(header.text, 1, std::nullopt, source.where(header.number));
  std::optional<Repeat> repeat;
  for (++at; at < lines.size(); ++at) {
    const Line& line = lines[at];
    const std::string where = source.where(line.number);
    const std::string command = directive(line.text);
    if (command == "repeat") {
      static const std::regex pattern(R"(^\s*\*@repeat\s+i\s+(\S+)\.\.(\S+)\s*$)");
      if (repeat)
        throw ConfigError(fmt::format("{}: *@repeat inside the *@repeat block of line {} (blocks do not nest)", where,
                                      source.origin_line(repeat->number)));
      if (!std::regex_match(line.text, match, pattern))
        throw ConfigError(fmt::format("{}: a repeat block opens with '*@repeat i A..B'", where));
      range_end(match[1].str(), 1, where);
      range_end(match[2].str(), 1, where);
      repeat = Repeat{match[1].str(), match[2].str(), line.number, {}};
    } else if (command == "end") {
      if (!repeat) throw ConfigError(fmt::format("{}: *@end without a *@repeat", where));
      result.body.push_back(std::move(*repeat));
      repeat.reset();
    } else if (!command.empty()) {
      throw ConfigError(fmt::format("{}: unknown directive '*@{}' (a template knows *@repeat and *@end)", where, command));
    } else {
      const std::string head = first_word(line.text);
      if (head == ".subckt") throw ConfigError(fmt::format("{}: a .subckt inside the template {}", where, name));
      if (head == ".ends" && repeat)
        throw ConfigError(fmt::format("{}: the *@repeat block of line {} has no *@end", where,
                                      source.origin_line(repeat->number)));
      substituted(line.text, 1, repeat ? std::optional<long>(1) : std::nullopt, where);
      if (repeat) repeat->lines.push_back(line);
      else result.body.push_back(line);
      if (head == ".ends") {
        ++at;
        return result;
      }
    }
  }
  throw ConfigError(fmt::format("{}: the template {} has no .ends", source.where(header.number), name));
}

// The sizes N that X lines of `users` instantiate `name` (with <N>) with. An X line inside another
// template that names `name` with that template's own <N> (a wrapper around the trainer) asks for
// every size the wrapper is asked for; `depth` bounds such chains (a template that names itself).
std::set<long> sizes_used(const std::string& name, const std::vector<SpiceSource>& users, int depth = 0) {
  const std::string lowered = lower(name);
  const auto marker = lowered.find("<n>");
  const std::string prefix = lowered.substr(0, marker), suffix = lowered.substr(marker + 3);
  std::set<long> sizes;
  if (depth > 8) return sizes;
  for (const auto& user : users) {
    std::string enclosing;  // the template whose body the line is in, if any
    for (const auto& line : logical_lines(user)) {
      const std::string head = first_word(line.text);
      if (head == ".subckt") {
        const auto words = spice_tokens(line.text);
        enclosing = words.size() > 1 && lower(words[1]).find("<n>") != std::string::npos ? words[1] : "";
        continue;
      }
      if (head == ".ends") enclosing.clear();
      if (std::tolower(static_cast<unsigned char>(line.text[0])) != 'x') continue;
      const std::string subckt = instantiated_subckt(line.text);
      if (!enclosing.empty() && subckt == lowered && lower(enclosing) != lowered) {
        const std::set<long> wrapped = sizes_used(enclosing, users, depth + 1);
        sizes.insert(wrapped.begin(), wrapped.end());
        continue;
      }
      if (subckt.size() <= prefix.size() + suffix.size() || subckt.compare(0, prefix.size(), prefix) != 0 ||
          subckt.compare(subckt.size() - suffix.size(), suffix.size(), suffix) != 0)
        continue;
      const std::string digits = subckt.substr(prefix.size(), subckt.size() - prefix.size() - suffix.size());
      if (!std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); })) continue;
      if (digits[0] == '0' || digits.size() > 5 || std::stol(digits) > kMaxSize)
        throw ConfigError(fmt::format("{}: {} instantiates the template {} with N = {}: N is a whole number from 1 to "
                                      "{} without leading zeros",
                                      line.origin, subckt, name, digits, kMaxSize));
      sizes.insert(std::stol(digits));
    }
  }
  return sizes;
}

void append(SpiceSource& out, const std::string& text, int number) {
  out.text += text + "\n";
  out.origin_lines.push_back(number);
}

void write_expansion(SpiceSource& out, const Template& t, long n, const SpiceSource& source) {
  const std::string name = substituted(t.name, n, std::nullopt, source.where(t.header.number));
  append(out, fmt::format("* {}: the template {} with N = {}", name, t.name, n), t.header.number);
  append(out, substituted(t.header.text, n, std::nullopt, source.where(t.header.number)), t.header.number);
  for (const auto& item : t.body) {
    if (const auto* line = std::get_if<Line>(&item)) {
      append(out, substituted(line->text, n, std::nullopt, source.where(line->number)), line->number);
      continue;
    }
    const auto& repeat = std::get<Repeat>(item);
    const std::string where = source.where(repeat.number);
    for (long i = range_end(repeat.from, n, where), to = range_end(repeat.to, n, where); i <= to; ++i)
      for (const auto& line : repeat.lines)
        append(out, substituted(line.text, n, i, source.where(line.number)), line.number);
  }
}

}  // namespace

SpiceSource expand_cell_templates(const SpiceSource& cell, const std::vector<SpiceSource>& users) {
  const std::vector<Line> lines = split_lines(cell.text);
  SpiceSource out{cell.origin, ""};
  for (std::size_t at = 0; at < lines.size();) {
    const Line& line = lines[at];
    const std::string where = cell.where(line.number);
    const std::string command = directive(line.text);
    if (command == "repeat" || command == "end")
      throw ConfigError(fmt::format("{}: *@{} outside a template subcircuit (a .subckt whose name holds <N>)", where,
                                    command));
    std::smatch marker;
    const bool has_marker = std::regex_search(line.text, marker, marker_pattern());
    if (has_marker && first_word(line.text) == ".subckt") {
      const Template t = read_template(lines, at, cell);
      const std::set<long> sizes = sizes_used(t.name, users);
      if (sizes.empty()) append(out, fmt::format("* the template {}: no instance in this deck", t.name), line.number);
      for (long n : sizes) write_expansion(out, t, n, cell);
      continue;
    }
    if (has_marker && !is_comment(line.text))
      throw ConfigError(fmt::format("{}: {} outside a template subcircuit (a .subckt whose name holds <N>)", where,
                                    marker.str()));
    append(out, line.text, line.number);
    ++at;
  }
  // The text as it came, down to a missing final newline.
  if (!cell.text.empty() && cell.text.back() != '\n' && !out.text.empty()) out.text.pop_back();
  for (auto& number : out.origin_lines) number = cell.origin_line(number);
  return out;
}

}  // namespace logsgd
