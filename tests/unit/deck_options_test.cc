#include "deck_options.h"

#include <doctest/doctest.h>

using namespace logsgd;

TEST_CASE("a deck's .option lines give its numeric options, the last line winning") {
  const auto options = deck_options(
      "* title\n"
      ".option gmin=1e-15\n"
      ".OPTIONS reltol = 1e-4 method=gear\n"
      "+ abstol=1p\n"
      "* .option vntol=1\n"
      "R1 a 0 1k\n"
      "+ reltol=9\n"
      ".option reltol=2e-4\n");
  CHECK(options.at("gmin") == doctest::Approx(1e-15).scale(0));
  CHECK(options.at("reltol") == doctest::Approx(2e-4).scale(0));
  CHECK(options.at("abstol") == doctest::Approx(1e-12).scale(0));  // from the continuation line
  CHECK(options.count("method") == 0);                              // not a number
  CHECK(options.count("vntol") == 0);                               // a comment
}

TEST_CASE("a deck without .option lines sets none") { CHECK(deck_options("* t\nR1 a 0 1\n.end\n").empty()); }
