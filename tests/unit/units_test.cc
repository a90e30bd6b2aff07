#include "units.h"

#include <doctest/doctest.h>

using namespace logsgd;

TEST_CASE("SI units take engineering prefixes") {
  CHECK(format_value(1.23e-9, "A") == "1.23 nA");
  CHECK(format_value(4.01e-6, "W") == "4.01 µW");
  CHECK(format_value(2.5e-12, "J") == "2.5 pJ");
  CHECK(format_value(57.49e-6, "s") == "57.49 µs");
  CHECK(format_value(0.08, "V/dec") == "80 mV/dec");
  CHECK(format_value(2e-6, "A/V") == "2 µA/V");
  CHECK(format_value(0, "A") == "0 A");
}

TEST_CASE("percent, bits, decades, ratios and other units stay plain numbers") {
  CHECK(format_value(0.5, "%") == "0.5 %");               // not "500 m%"
  CHECK(format_value(0.8673, "dec") == "0.8673 dec");     // not "867.3 mdec"
  CHECK(format_value(0.316, "A/A") == "0.316 A/A");       // a ratio, not "316 mA/A"
  CHECK(format_value(7.96, "bits") == "7.96 bits");
  CHECK(format_value(12.5, "1/s") == "12.5 1/s");
  CHECK(format_value(0.0014, "") == "0.0014");
  CHECK(format_value(3.5, "mV") == "3.5 mV");             // already prefixed by the testbench
  CHECK(format_value(1.0 / 0.0, "A") == "—");
}

TEST_CASE("takes_si_prefix: SI numerator, a different denominator") {
  for (const char* unit : {"A", "V", "W", "J", "s", "Hz", "F", "S", "C", "H", "A/V", "V/dec", "V/s"}) {
    CAPTURE(unit);
    CHECK(takes_si_prefix(unit));
  }
  for (const char* unit : {"", "%", "bits", "dec", "ratio", "A/A", "V/V", "1/s", "mV", "nA"}) {
    CAPTURE(unit);
    CHECK_FALSE(takes_si_prefix(unit));
  }
}
