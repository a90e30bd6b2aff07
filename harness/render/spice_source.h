// A netlist text with where it comes from, and its logical lines: what the readers of a netlist
// (the DUT inventory, the cell templates' instance search) work on, so a line they report names the
// file and line a designer edits.
#pragma once
#include <string>
#include <vector>

namespace logsgd {

// A netlist text and where it comes from (a file, or a generated view), for file:line origins.
struct SpiceSource {
  std::string origin;
  std::string text;
  // The line of `origin` each line of `text` was generated from (an expanded cell template);
  // empty when line n of the text is line n of the origin.
  std::vector<int> origin_lines = {};

  int origin_line(int line) const;        // the origin's line for 1-based line `line` of the text
  std::string where(int line) const;      // "origin:origin_line(line)"
};

// A logical line: continuation lines (+) joined, comments removed, with where it starts.
struct LogicalLine {
  std::string text;
  std::string origin;
};

std::vector<LogicalLine> logical_lines(const SpiceSource& source);

// Whitespace-separated tokens; a {...} expression is one token even with spaces inside.
std::vector<std::string> spice_tokens(const std::string& line);

// The subcircuit an X line instantiates, in lower case: its last token that is not a parameter
// assignment.
std::string instantiated_subckt(const std::string& line);

}  // namespace logsgd
