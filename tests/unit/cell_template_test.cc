#include "cell_template.h"

#include <doctest/doctest.h>

#include "config_error.h"
#include "dut_inventory.h"

using namespace logsgd;

namespace {

// A chain of N stages: the port list and the stages repeat per i, a parameter counts N + 1.
const std::string kChain =
    "* chain: xin<i> is stage i's input (a comment outside the template is not read)\n"  // 1
    ".subckt stage a b k=1\n"                                                             // 2
    "Rs a b {k*1k}\n"                                                                     // 3
    ".ends stage\n"                                                                       // 4
    ".subckt chain_n<N>\n"                                                                // 5
    "*@repeat i 1..N\n"                                                                   // 6
    "+ xin<i>\n"                                                                          // 7
    "*@end\n"                                                                             // 8
    "+ out r=1n\n"                                                                        // 9
    "Ib out 0 {r*<N+1>}\n"                                                                // 10
    "*@repeat i 1..N\n"                                                                   // 11
    "* stage <i>\n"                                                                       // 12
    "X<i> xin<i> out stage k=<i>\n"                                                       // 13
    "*@end\n"                                                                             // 14
    ".ends chain_n<N>\n";                                                                 // 15

SpiceSource cell(const std::string& text) { return {"cells/chain/chain.spice", text}; }
SpiceSource bench(const std::string& text) { return {"testbenches/t/t.spice", text}; }

std::string expanded(const std::string& template_text, const std::string& bench_text) {
  return expand_cell_templates(cell(template_text), {bench(bench_text)}).text;
}

}  // namespace

TEST_CASE("a template is written out as plain SPICE for the N its instance names") {
  const SpiceSource out = expand_cell_templates(cell(kChain), {bench("XC a b c out chain_n3 r=2n\n")});
  CHECK(out.text ==
        "* chain: xin<i> is stage i's input (a comment outside the template is not read)\n"
        ".subckt stage a b k=1\n"
        "Rs a b {k*1k}\n"
        ".ends stage\n"
        "* chain_n3: the template chain_n<N> with N = 3\n"
        ".subckt chain_n3\n"
        "+ xin1\n"
        "+ xin2\n"
        "+ xin3\n"
        "+ out r=1n\n"
        "Ib out 0 {r*4}\n"
        "* stage 1\n"
        "X1 xin1 out stage k=1\n"
        "* stage 2\n"
        "X2 xin2 out stage k=2\n"
        "* stage 3\n"
        "X3 xin3 out stage k=3\n"
        ".ends chain_n3\n");
  // Every line written names the template line it came from.
  CHECK(out.origin_lines == std::vector<int>{1, 2, 3, 4, 5, 5, 7, 7, 7, 9, 10, 12, 13, 12, 13, 12, 13, 15});
}

TEST_CASE("every N the deck instantiates gets its copy in increasing N, and no instance leaves a comment") {
  const std::string both = expanded(kChain, "XA a out chain_n1\nXB a b c d e f g h i j out CHAIN_N10\nXC a out chain_n1\n");
  const auto n1 = both.find(".subckt chain_n1\n"), n10 = both.find(".subckt chain_n10\n");
  REQUIRE(n1 != std::string::npos);
  REQUIRE(n10 != std::string::npos);
  CHECK(n1 < n10);
  CHECK(both.find(".subckt chain_n1\n", n1 + 1) == std::string::npos);  // one copy per N
  CHECK(both.find("X10 xin10 out stage k=10\n") != std::string::npos);
  CHECK(expanded(kChain, "XS a b stage\n").find("* the template chain_n<N>: no instance in this deck\n") !=
        std::string::npos);
}

TEST_CASE("an instance in another cell counts, and names that only look alike do not") {
  const SpiceSource other{"cells/pair/pair.spice", ".subckt pair a b out\nXC a b out chain_n2\n.ends pair\n"};
  CHECK(expand_cell_templates(cell(kChain), {other}).text.find(".subckt chain_n2\n") != std::string::npos);
  const std::string none = expanded(kChain, "XA a out chain_n2x\nXB a out chain_n\nRn chain_n5 0 1k\n");
  CHECK(none.find(".subckt chain_n") == std::string::npos);
}

TEST_CASE("a template inside another template's copy is written out for every N the outer one is asked for") {
  // A wrapper around the chain (in its own cell) is what the deck instantiates.
  const SpiceSource wrapper{"cells/wrapped/wrapped.spice",
                            ".subckt wrapped_n<N>\n*@repeat i 1..N\n+ xin<i>\n*@end\n+ out\n"
                            "XW\n*@repeat i 1..N\n+ xin<i>\n*@end\n+ out chain_n<N>\n.ends wrapped_n<N>\n"};
  const std::string out =
      expand_cell_templates(cell(kChain), {wrapper, bench("XA a b out wrapped_n2\nXB a out wrapped_n1\n")}).text;
  CHECK(out.find(".subckt chain_n1\n") != std::string::npos);
  CHECK(out.find(".subckt chain_n2\n") != std::string::npos);
  CHECK(out.find(".subckt chain_n3\n") == std::string::npos);
  // Without an instance of the wrapper, neither.
  CHECK(expand_cell_templates(cell(kChain), {wrapper}).text.find(".subckt chain_n") == std::string::npos);
}

TEST_CASE("ranges and markers take offsets") {
  const std::string text = ".subckt tap_n<N> a\n*@repeat i 0..N-1\nR<i> a t<i+1> {<N-1>*1k}\n*@end\n.ends\n";
  CHECK(expanded(text, "XT a tap_n2\n") ==
        "* tap_n2: the template tap_n<N> with N = 2\n.subckt tap_n2 a\nR0 a t1 {1*1k}\nR1 a t2 {1*1k}\n.ends\n");
}

TEST_CASE("a netlist without templates passes through byte for byte") {
  const std::string plain = "* x<N> in a comment\n.subckt amp in out ib=1n\r\nIb in out {ib<1n ? 1n : ib}\n.ends amp";
  const SpiceSource out = expand_cell_templates(cell(plain), {bench("XA a b amp\n")});
  CHECK(out.text == plain);
  CHECK(out.origin_lines == std::vector<int>{1, 2, 3, 4});
}

TEST_CASE("the DUT inventory names the template's own line for an element of an expanded copy") {
  const std::string text = ".subckt src_n<N> out\n*@repeat i 1..N\nI<i> out 0 1n\n*@end\n.ends src_n<N>\n";
  const SpiceSource out = expand_cell_templates(cell(text), {bench("XD o src_n2\n")});
  DutInventory inventory = inventory_dut({out, bench("XD o src_n2\n")}, {"XD"});
  REQUIRE(inventory.ideal.size() == 2);
  CHECK(inventory.ideal[1].path == "xd.i2");
  CHECK(inventory.ideal[1].origin == "cells/chain/chain.spice:3");
}

TEST_CASE("malformed template input is refused at its file and line") {
  auto refused = [](const std::string& text, const char* where, const char* what) {
    CHECK_THROWS_WITH_AS(expanded(text, "XC a chain_n2\n"), doctest::Contains(where), ConfigError);
    CHECK_THROWS_WITH_AS(expanded(text, "XC a chain_n2\n"), doctest::Contains(what), ConfigError);
  };
  refused(".subckt chain_n<N> a\n*@repeat i 1..N\nR<i> a 0 1k\n.ends\n", "chain.spice:4", "of line 2 has no *@end");
  refused(".subckt chain_n<N> a\nR1 a 0 1k\n*@end\n.ends\n", "chain.spice:3", "*@end without a *@repeat");
  refused(".subckt chain_n<N> a\n*@repeat i 1..N\n*@repeat i 1..N\n*@end\n*@end\n.ends\n", "chain.spice:3",
          "do not nest");
  refused(".subckt chain_n<N> a\nR<i> a 0 1k\n.ends\n", "chain.spice:2", "<i> outside a *@repeat block");
  refused("* the chain\n.subckt chain_n2 a\nR1 a 0 {<N>*1k}\n.ends\n", "chain.spice:3",
          "<N> outside a template subcircuit");
  refused("*@repeat i 1..N\n", "chain.spice:1", "outside a template subcircuit");
  refused(".subckt chain a<N>\n.ends\n", "chain.spice:1", "a template's name holds <N> once");
  refused(".subckt chain_n<N> a\nR1 a 0 1k\n", "chain.spice:1", "has no .ends");
  refused(".subckt chain_n<N> a\n*@repeat i 1..M\n*@end\n.ends\n", "chain.spice:2", "'M' is not a range end");
  refused(".subckt chain_n<N> a\n*@for i 1..N\n.ends\n", "chain.spice:2", "unknown directive '*@for'");
}

TEST_CASE("an instance's N is a positive whole number without leading zeros") {
  CHECK_THROWS_WITH_AS(expanded(kChain, "* t\nXC a out chain_n0\n"), doctest::Contains("t.spice:2"), ConfigError);
  CHECK_THROWS_WITH_AS(expanded(kChain, "XC a out chain_n04\n"), doctest::Contains("without leading zeros"), ConfigError);
  CHECK_THROWS_AS(expanded(kChain, "XC a out chain_n99999999999999\n"), ConfigError);
}
