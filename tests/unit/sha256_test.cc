// SHA-256 against the FIPS 180-2 test vectors, for text and for a file.
#include "sha256.h"

#include <doctest/doctest.h>

#include "temp_dir.h"

using namespace logsgd;

TEST_CASE("SHA-256 of text and of a file match the standard's test vectors") {
  CHECK(sha256_text("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_text("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  TempDir dir;
  // One million 'a': more than one read buffer.
  auto file = dir.write("a.txt", std::string(1000000, 'a'));
  CHECK(sha256_file(file) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  CHECK_THROWS_WITH_AS(sha256_file(dir.path() / "missing"), doctest::Contains("missing: cannot read file"),
                       std::runtime_error);
}
