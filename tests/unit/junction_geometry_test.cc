#include "junction_geometry.h"

#include <doctest/doctest.h>

#include "config_error.h"

using namespace logsgd;

namespace {

SpiceSource cell(const std::string& text) { return {"cells/c/c.spice", text}; }

}  // namespace

TEST_CASE("every sky130 MOSFET of a cell gets the layout rule's junctions, line for line") {
  const std::string text =
      ".subckt c a b vdd wg=1\n"                                                  // 1
      "XM1 a a 0 0 sky130_fd_pr__nfet_01v8 w=5 l=2 nf=1 mult=10 m=10\n"           // 2
      "XM2 b a vdd vdd sky130_fd_pr__pfet_01v8 w={wg} l=1\n"                      // 3
      "XM3 b a 0 0 sky130_fd_pr__nfet_01v8_lvt w=4 l=1 nf=2 ; a comment\n"        // 4
      "XM4 a b 0 0 sky130_fd_pr__nfet_01v8 w=1 l=1 ad=0 as=0\n"                   // 5
      "XM5 a b 0 0\n"                                                             // 6
      "+ sky130_fd_pr__nfet_01v8 w=2 l=1\n"                                       // 7
      "XS a b other_cell w=3\n"                                                   // 8
      "* XM6 a b 0 0 sky130_fd_pr__nfet_01v8 w=1 l=1 (a comment)\n"               // 9
      ".ends c\n";                                                                // 10
  SpiceSource out = with_junction_geometry(cell(text));
  std::vector<std::string> lines;
  for (std::size_t start = 0, end; start < out.text.size(); start = end + 1) {
    end = out.text.find('\n', start);
    lines.push_back(out.text.substr(start, end - start));
  }
  REQUIRE(lines.size() == 10);
  // 0.29 um of diffusion beyond the gate, one drain and one source per finger pair
  CHECK(lines[1] == "XM1 a a 0 0 sky130_fd_pr__nfet_01v8 w=5 l=2 nf=1 mult=10 m=10 ad=1.45 as=1.45 pd=10.58 ps=10.58");
  CHECK(lines[2] ==
        "XM2 b a vdd vdd sky130_fd_pr__pfet_01v8 w={wg} l=1 ad={floor((1)/2+0.5)*(wg)/(1)*0.29} "
        "as={floor((1)/2+1)*(wg)/(1)*0.29} pd={2*floor((1)/2+0.5)*((wg)/(1)+0.29)} ps={2*floor((1)/2+1)*((wg)/(1)+0.29)}");
  // two fingers share their drain: one drain of 2 um, two sources of 2 um
  CHECK(lines[3] == "XM3 b a 0 0 sky130_fd_pr__nfet_01v8_lvt w=4 l=1 nf=2 ad=0.58 as=1.16 pd=4.58 ps=9.16 ; a comment");
  CHECK(lines[4] == "XM4 a b 0 0 sky130_fd_pr__nfet_01v8 w=1 l=1 ad=0 as=0");  // the instance's own geometry stays
  CHECK(lines[5] == "XM5 a b 0 0");
  CHECK(lines[6] == "+ sky130_fd_pr__nfet_01v8 w=2 l=1 ad=0.58 as=0.58 pd=4.58 ps=4.58");
  CHECK(lines[7] == "XS a b other_cell w=3");
  CHECK(lines[8] == "* XM6 a b 0 0 sky130_fd_pr__nfet_01v8 w=1 l=1 (a comment)");
}

TEST_CASE("a MOSFET without a width is an error at its line") {
  CHECK_THROWS_WITH_AS(with_junction_geometry(cell(".subckt c a\nXM1 a a 0 0 sky130_fd_pr__nfet_01v8 l=1\n.ends c\n")),
                       doctest::Contains("cells/c/c.spice:2"), ConfigError);
}
