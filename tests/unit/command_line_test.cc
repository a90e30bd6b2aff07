// Command-line values: seeds and shards are checked as text, so a negative seed cannot wrap to
// 2^64-1 and a malformed shard cannot half-parse.
#include "command_line.h"

#include <doctest/doctest.h>

using namespace logsgd;

TEST_CASE("a seed is a plain decimal from 0 to 2^64-1") {
  CHECK(parse_seed("0") == 0ull);
  CHECK(parse_seed("42") == 42ull);
  CHECK(parse_seed("18446744073709551615") == 18446744073709551615ull);
  for (const char* bad : {"-1", "-0", "+1", "18446744073709551616", "99999999999999999999999", "1e3", "0x10", " 1", "1 ",
                          "", "one", "1.0"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_seed(bad));
  }
}

TEST_CASE("a shard is k/N with 1 <= k <= N") {
  CHECK(parse_shard("1/4") == std::pair{1, 4});
  CHECK(parse_shard("4/4") == std::pair{4, 4});
  for (const char* bad : {"0/4", "5/4", "-1/4", "1/", "/4", "1/4x", "1 /4", "a/b", "1"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_shard(bad));
  }
}

TEST_CASE("the command line is reproduced with shell quoting where needed") {
  const char* argv[] = {"logsgd", "run", "device_subthreshold", "--only", "tb/tt_27C_1.80V", "--out", "my results",
                        "it's"};
  CHECK(shell_command_line(8, argv) ==
        "logsgd run device_subthreshold --only tb/tt_27C_1.80V --out 'my results' 'it'\\''s'");
}
