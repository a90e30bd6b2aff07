#include "dataset.h"

#include <doctest/doctest.h>

#include "config_error.h"
#include "temp_dir.h"

using namespace logsgd;

TEST_CASE("tables: comma or whitespace separated with an optional header") {
  TempDir dir;
  auto csv = dir.write("a.csv", "x1,x2,y\n1,2,3\n4,5,6\n");
  Dataset data = load_dataset(csv);
  CHECK(data.samples() == 2);
  CHECK(data.features() == 2);
  CHECK(data.y(1) == 6);
  auto features = dir.write("x.txt", "# comment\n1 2\n3 4\n5 6\n");
  auto target = dir.write("y.txt", "7\n8\n9\n");
  Dataset split = load_dataset(features, target);
  CHECK(split.samples() == 3);
  CHECK(split.x(2, 1) == 6);
  CHECK(split.y(2) == 9);
}

TEST_CASE("malformed tables name file line and column") {
  TempDir dir;
  CHECK_THROWS_WITH_AS(load_table(dir.write("r.csv", "1,2\n3\n")), doctest::Contains("r.csv:2: 1 columns, but the first data row has 2"),
                       ConfigError);
  CHECK_THROWS_WITH_AS(load_table(dir.write("n.csv", "1,2\n3,abc\n")), doctest::Contains("n.csv:2: column 2: 'abc' is not a number"),
                       ConfigError);
  CHECK_THROWS_WITH_AS(load_table(dir.write("e.csv", "# nothing\n")), doctest::Contains("no data rows"), ConfigError);
  CHECK_THROWS_AS(load_table(dir.path() / "missing.csv"), ConfigError);
  CHECK_THROWS_WITH_AS(load_dataset(dir.write("x.txt", "1\n2\n"), dir.write("y.txt", "1\n")),
                       doctest::Contains("has 2 rows but"), ConfigError);
}

TEST_CASE("synthetic data is reproducible and scaling maps every column onto -1..1") {
  Dataset a = synthetic_linear("s", 50, {0.5, -0.25}, 0.1, 0.01, 42), b = synthetic_linear("s", 50, {0.5, -0.25}, 0.1, 0.01, 42);
  CHECK(a.x == b.x);
  CHECK(a.y == b.y);
  Dataset scaled = scaled_to_unit_range(a);
  CHECK(scaled.x.col(0).minCoeff() == doctest::Approx(-1));
  CHECK(scaled.x.col(1).maxCoeff() == doctest::Approx(1));
  CHECK(scaled.y.minCoeff() == doctest::Approx(-1));
}

TEST_CASE("the diabetes set extracted by the set-up loads as 442 samples of 10 features") {
  std::filesystem::path dir = std::filesystem::path(LOGSGD_SOURCE_ROOT) / "datasets" / "diabetes";
  Dataset data = load_dataset(dir / "diabetes_data_raw.txt", dir / "diabetes_target.txt");
  CHECK(data.samples() == 442);
  CHECK(data.features() == 10);
  CHECK(data.x(0, 0) == 59);   // age of the first patient
  CHECK(data.y(0) == 151);     // its disease progression
}

TEST_CASE("data rounded to an input DAC's codes: steps of 2/levels from -1, clamped to its range") {
  Dataset d;
  d.x.resize(4, 1);
  d.x << -1.2, 0.0039, 0.5, 1.0;
  d.y.resize(4);
  d.y << 0.453, -0.25, 0.99, -0.0040;
  Dataset q = quantised_to_dac_codes(d, 256);
  CHECK(q.x(0) == -1.0);            // clamped to code 0
  CHECK(q.x(1) == 0.0);             // 0.0039 < half a step (1/256)
  CHECK(q.x(2) == 0.5);             // code 192
  CHECK(q.x(3) == 127.0 / 128);     // +1 is not a code: the top code
  CHECK(q.y(0) == 58.0 / 128);      // 0.453 -> 58/128 = 0.453125
  CHECK(q.y(1) == -0.25);
  CHECK(q.y(3) == -1.0 / 128);      // -0.0040 rounds to the code below 0
  CHECK_THROWS_AS(quantised_to_dac_codes(d, 1), std::invalid_argument);
}
