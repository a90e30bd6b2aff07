// YAML loading: a key given twice in one mapping is an error naming file, line and key (yaml-cpp
// itself keeps the first and ignores the second), in every file the kit reads.
#include "yaml_node.h"

#include <doctest/doctest.h>

#include "corner_set.h"
#include "device_factors.h"
#include "temp_dir.h"

using namespace logsgd;

TEST_CASE("a duplicate key is refused with file line and key, at any depth") {
  CHECK_THROWS_WITH_AS(YamlNode::load_string("name: a\nvalue: 1\nname: b\n", "t.yaml"),
                       doctest::Contains("t.yaml:3: key 'name': duplicate key (first given at line 1)"), ConfigError);
  CHECK_THROWS_WITH_AS(YamlNode::load_string("specs:\n  - result: x\n    min: 1\n    min: 2\n", "t.yaml"),
                       doctest::Contains("t.yaml:4: key 'specs[0].min': duplicate key"), ConfigError);
  CHECK_THROWS_WITH_AS(YamlNode::load_string("parameters: {vds: 0.9, vds: 1.2}\n", "t.yaml"),
                       doctest::Contains("t.yaml:1: key 'parameters.vds': duplicate key"), ConfigError);
  // The same key in different mappings is fine.
  CHECK_NOTHROW(YamlNode::load_string("a: {x: 1}\nb: {x: 2}\nc: [{x: 1}, {x: 2}]\n", "t.yaml"));
}

TEST_CASE("corner sets and cell factors refuse duplicate keys too") {
  TempDir dir;
  auto corners = dir.write("c.yaml", "name: c\nprocess: [tt]\ntemperature: [27]\nvdd: [1.8]\ntemperature: [85]\n");
  CHECK_THROWS_WITH_AS(load_corner_set(corners), doctest::Contains("c.yaml:5: key 'temperature': duplicate key"),
                       ConfigError);
  auto factors = dir.write("f.yaml", "nfet_01v8: {a: 1}\nnfet_01v8: {a: 2}\n");
  CHECK_THROWS_WITH_AS(load_device_factors(factors), doctest::Contains("f.yaml:2: key 'nfet_01v8': duplicate key"),
                       ConfigError);
}
