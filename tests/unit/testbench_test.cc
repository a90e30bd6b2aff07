// Loading testbenches and corner sets: malformed input names file, line and key; values that
// could inject netlist or control lines are refused.
#include "testbench.h"

#include <doctest/doctest.h>

#include "corner_set.h"
#include "temp_dir.h"

using namespace logsgd;

namespace {

const char* kTemplate = "Vsweep g 0 0\nVd d 0 {vds}\nX1 d g 0 0 nfet_01v8_unit\n";
const char* kCell = ".subckt nfet_01v8_unit d g s b\nX1 d g s b sky130_fd_pr__nfet_01v8 w=1 l=1\n.ends\n";

std::string testbench_yaml(const std::string& parameters, const std::string& extra = "") {
  return "name: tb\n"
         "template: tb.spice\n"
         "cells: [nfet_01v8_unit]\n"
         "parameters:\n" + parameters +
         "analyses:\n"
         "  - dc: {source: vsweep, start: 0, stop: 1, step: 10m}\n"
         "measurements:\n"
         "  - name: nfet\n"
         "    function: weak_inversion\n"
         "    args: {gate: sweep, current: i(vd), w: 1, l: 1}\n" + extra;
}

struct Project : TempDir {
  Project() {
    write("cells/nfet_01v8_unit/nfet_01v8_unit.spice", kCell);
    write("testbenches/tb/tb.spice", kTemplate);
  }
  Testbench load(const std::string& yaml) const {
    write("testbenches/tb/testbench.yaml", yaml);
    return load_testbench(path() / "testbenches" / "tb", path());
  }
};

}  // namespace

TEST_CASE("a valid testbench loads with its analyses rendered") {
  Project project;
  Testbench tb = project.load(testbench_yaml("  vds: 0.9\n"));
  CHECK(tb.name == "tb");
  CHECK(tb.parameters.at("vds") == doctest::Approx(0.9));
  CHECK(tb.parameters.at("vdd") == doctest::Approx(1.8));
  REQUIRE(tb.analyses.size() == 1);
  CHECK(tb.analyses[0] == ".dc vsweep 0 1 0.01");
  CHECK(tb.vectors_wanted() == std::vector<std::string>{"sweep", "i(vd)"});
}

TEST_CASE("a parameter value holding a newline and .control is refused naming file line and key") {
  Project project;
  std::string yaml = testbench_yaml("  vds: \"0.9\\n.control\\nshell touch pwned\\n.endc\"\n");
  CHECK_THROWS_WITH_AS(project.load(yaml), doctest::Contains("testbench.yaml:5: key 'parameters.vds'"), ConfigError);
  CHECK_THROWS_WITH_AS(project.load(yaml), doctest::Contains("is not a number"), ConfigError);
}

TEST_CASE("a parameter name outside the safe alphabet is refused") {
  Project project;
  CHECK_THROWS_WITH_AS(project.load(testbench_yaml("  \"vds\\n.control\": 1\n")),
                       doctest::Contains("a parameter name is letters, digits and _"), ConfigError);
}

TEST_CASE("a template with a control block is refused with file and line") {
  Project project;
  project.write("testbenches/tb/tb.spice", std::string(kTemplate) + ".control\nshell ls\n.endc\n");
  CHECK_THROWS_WITH_AS(project.load(testbench_yaml("  vds: 0.9\n")), doctest::Contains("tb.spice:4: '.control'"),
                       ConfigError);
}

TEST_CASE("YAML syntax errors name file and line") {
  Project project;
  CHECK_THROWS_WITH_AS(project.load("name: tb\ntemplate: [unclosed\n"), doctest::Contains("testbench.yaml:3: YAML syntax error"),
                       ConfigError);
}

TEST_CASE("unknown keys and missing keys and bad values name file line and key") {
  Project project;
  CHECK_THROWS_WITH_AS(project.load(testbench_yaml("  vds: 0.9\n", "specz: []\n")),
                       doctest::Contains("testbench.yaml:12: key 'specz': unknown key"), ConfigError);
  CHECK_THROWS_WITH_AS(project.load("name: tb\ntemplate: tb.spice\n"), doctest::Contains("missing required key 'analyses'"),
                       ConfigError);
  std::string bad_spec = testbench_yaml("  vds: 0.9\n", "specs:\n  - result: nfet.n\n    min: low\n");
  CHECK_THROWS_WITH_AS(project.load(bad_spec), doctest::Contains("testbench.yaml:14: key 'specs[0].min': 'low' is not a number"),
                       ConfigError);
  std::string unknown_result = testbench_yaml("  vds: 0.9\n", "specs:\n  - result: nfet.gain\n");
  CHECK_THROWS_WITH_AS(project.load(unknown_result), doctest::Contains("'nfet.gain' is not produced by any measurement"),
                       ConfigError);
}

TEST_CASE("a measurement must name a known function and its arguments") {
  Project project;
  std::string yaml = testbench_yaml("  vds: 0.9\n");
  std::string unknown = yaml;
  unknown.replace(unknown.find("weak_inversion"), 14, "magic");
  CHECK_THROWS_WITH_AS(project.load(unknown), doctest::Contains("unknown measure function 'magic'"), ConfigError);
  std::string bad_vector = yaml;
  bad_vector.replace(bad_vector.find("i(vd)"), 5, "\"i(vd)\\nshell ls\"");
  CHECK_THROWS_WITH_AS(project.load(bad_vector), doctest::Contains("is not a vector name"), ConfigError);
}

TEST_CASE("corner sets: every key validated and conditions crossed in a fixed order") {
  TempDir dir;
  auto path = dir.write("c.yaml", "name: c\nprocess: [tt, ss]\ntemperature: [-40, 27]\nvdd: [1.62, 1.8]\n");
  CornerSet set = load_corner_set(path);
  auto conditions = set.conditions();
  REQUIRE(conditions.size() == 8);
  CHECK(conditions[0].id == "tt_m40C_1.62V");
  CHECK(conditions[7].id == "ss_27C_1.80V");
  auto bad = dir.write("bad.yaml", "name: c\ntemperature: [27, hot]\n");
  CHECK_THROWS_WITH_AS(load_corner_set(bad), doctest::Contains("bad.yaml:2: key 'temperature[1]': 'hot' is not a number"),
                       ConfigError);
  auto injected = dir.write("inj.yaml", "name: c\nprocess: [\"tt\\n.control\"]\n");
  CHECK_THROWS_AS(load_corner_set(injected), ConfigError);
}

TEST_CASE("assigning a YamlNode rebinds it and leaves the document alone") {
  YamlNode root = YamlNode::load_string("cells: [{name: a, view: behavioural}]", "t.yaml");
  YamlNode item = root.at("cells").items()[0];
  YamlNode name = item;
  name = item.at("name");  // yaml-cpp's own assignment would overwrite the map with "a"
  CHECK(name.as_string() == "a");
  CHECK(item.is_map());
  CHECK(item.at("view").as_string() == "behavioural");
}

TEST_CASE("simulator options are validated numbers with safe names") {
  Project project;
  Testbench tb = project.load(testbench_yaml("  vds: 0.9\n", "options: {gmin: 1e-15, reltol: 1e-4}\n"));
  CHECK(tb.options.at("gmin") == doctest::Approx(1e-15));
  CHECK_THROWS_WITH_AS(project.load(testbench_yaml("  vds: 0.9\n", "options: {gmin: \"1e-15\\n.control\"}\n")),
                       doctest::Contains("key 'options.gmin'"), ConfigError);
}

TEST_CASE("a template outside the project is refused, also through a symlink") {
  Project project;
  auto yaml = [](const std::string& template_path) {
    std::string text = testbench_yaml("  vds: 0.9\n");
    return text.replace(text.find("template: tb.spice"), 18, "template: " + template_path);
  };
  CHECK_THROWS_WITH_AS(project.load(yaml("/etc/passwd")), doctest::Contains("testbench.yaml:2: key 'template'"),
                       ConfigError);
  CHECK_THROWS_WITH_AS(project.load(yaml("../../../../../../../etc/passwd")), doctest::Contains("is outside the project"),
                       ConfigError);
  std::filesystem::create_symlink("/etc/passwd", project.path() / "testbenches" / "tb" / "link.spice");
  CHECK_THROWS_WITH_AS(project.load(yaml("link.spice")), doctest::Contains("(/etc/passwd) is outside the project"),
                       ConfigError);
  // A file in the project's own results folder is not a template either.
  project.write("results/x.spice", kTemplate);
  CHECK_THROWS_WITH_AS(project.load(yaml("../../results/x.spice")), doctest::Contains("is outside the project"),
                       ConfigError);
  // Another testbench's template is the project's own: allowed.
  project.write("testbenches/other/other.spice", kTemplate);
  CHECK_NOTHROW(project.load(yaml("../other/other.spice")));
}

TEST_CASE("a template's own analyses, options, includes, saves and control lines are refused with file and line") {
  Project project;
  for (const std::string line : {".tran 1n 1u", ".op", ".dc v1 0 1 0.1", ".ac dec 10 1 1e6", ".option gmin=1e-12",
                                 ".options reltol=1e-3", ".control", ".endc", ".include \"/etc/passwd\"",
                                 ".include\"/etc/passwd\"", ".inc x", ".lib x tt", ".temp 27", ".save all",
                                 ".meas tran x avg v(d)", ".measure dc y find v(d)", ".end", ".controls",
                                 "  .TRAN 1n 1u", ".noise v(d) vd dec 1 1 10", ".probe v(d)", ".print dc v(d)"}) {
    CAPTURE(line);
    project.write("testbenches/tb/tb.spice", std::string(kTemplate) + line + "\n");
    CHECK_THROWS_WITH_AS(project.load(testbench_yaml("  vds: 0.9\n")), doctest::Contains("tb.spice:4: '"), ConfigError);
  }
  // ngspice runs a `*#` comment as a control command.
  project.write("testbenches/tb/tb.spice", std::string(kTemplate) + "*# shell touch pwned\n");
  CHECK_THROWS_WITH_AS(project.load(testbench_yaml("  vds: 0.9\n")), doctest::Contains("tb.spice:4: a '*#' line"),
                       ConfigError);
  // What a circuit description needs stays allowed.
  project.write("testbenches/tb/tb.spice", std::string(kTemplate) +
                                               ".param k={2*vds}\n.subckt r2 a b\nR1 a b 1k\n.ends r2\n"
                                               ".model sw1 sw(vt=0.5)\n.ic v(d)=0\n* a comment\n");
  CHECK_NOTHROW(project.load(testbench_yaml("  vds: 0.9\n")));
}

TEST_CASE("a cell netlist holding a control line is refused too") {
  Project project;
  project.write("cells/nfet_01v8_unit/nfet_01v8_unit.spice", std::string(kCell) + ".option klu\n");
  CHECK_THROWS_WITH_AS(project.load(testbench_yaml("  vds: 0.9\n")), doctest::Contains("nfet_01v8_unit.spice:4: '.option'"),
                       ConfigError);
}

TEST_CASE("every testbench of the kit loads under the template rules") {
  int loaded = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(LOGSGD_SOURCE_ROOT) / "testbenches")) {
    if (!std::filesystem::exists(entry.path() / "testbench.yaml")) continue;
    CAPTURE(entry.path().string());
    CHECK_NOTHROW(load_testbench(entry.path(), LOGSGD_SOURCE_ROOT));
    ++loaded;
  }
  CHECK(loaded > 20);
}

TEST_CASE("a calibration written once in its own file is shared by the testbenches that name it") {
  Project project;
  project.write("testbenches/shared/calibration.yaml",
                "# shared\ntrims:\n  - {source: itrim, servo: i(vsrv)}\nfull_scale: 1n\nbits: 12\n");
  Testbench tb = project.load(testbench_yaml("  vds: 0.9\n", "calibration: ../shared/calibration.yaml\n"));
  REQUIRE(tb.calibration.has_value());
  REQUIRE(tb.calibration->trims.size() == 1);
  CHECK(tb.calibration->trims[0].source == "itrim");
  CHECK(tb.calibration->bits == 12);
  // Its errors name the shared file and its line; a missing file or one outside testbenches/ is refused.
  project.write("testbenches/shared/bad.yaml", "trims:\n  - {source: itrim, servo: i(vsrv)}\nfull_scale: 1n\nbits: 1\n");
  CHECK_THROWS_WITH_AS(project.load(testbench_yaml("  vds: 0.9\n", "calibration: ../shared/bad.yaml\n")),
                       doctest::Contains("bad.yaml:4"), ConfigError);
  CHECK_THROWS_WITH_AS(project.load(testbench_yaml("  vds: 0.9\n", "calibration: ../shared/none.yaml\n")),
                       doctest::Contains("not found"), ConfigError);
  project.write("results/calibration.yaml", "trims:\n  - {source: itrim, servo: i(vsrv)}\nfull_scale: 1n\n");
  CHECK_THROWS_WITH_AS(project.load(testbench_yaml("  vds: 0.9\n", "calibration: ../../results/calibration.yaml\n")),
                       doctest::Contains("is outside the project"), ConfigError);
}

TEST_CASE("a shared calibration can be taken without some of its trims") {
  Project project;
  project.write("testbenches/shared/calibration.yaml",
                "trims:\n  - {source: itrim, servo: i(vsrv)}\n  - {source: igt, servo: i(vsrv)}\nfull_scale: 1n\n");
  Testbench tb = project.load(
      testbench_yaml("  vds: 0.9\n", "calibration: {file: ../shared/calibration.yaml, without: [igt]}\n"));
  REQUIRE(tb.calibration.has_value());
  REQUIRE(tb.calibration->trims.size() == 1);
  CHECK(tb.calibration->trims[0].source == "itrim");
  // Without a point: the trims left drop it from their solves (1-based, as the file numbers them).
  project.write("testbenches/shared/points.yaml",
                "trims:\n  - {source: itrim, servo: i(vsrv), points: [1, 2, 3]}\n  - {source: igt, servo: i(vsrv), points: [3]}\n"
                "points: [{v: 0}, {v: 1}, {v: 2}]\nfull_scale: 1n\n");
  Testbench pruned = project.load(testbench_yaml(
      "  vds: 0.9\n", "calibration: {file: ../shared/points.yaml, without: [igt], without_points: [3]}\n"));
  REQUIRE(pruned.calibration->trims.size() == 1);
  CHECK(pruned.calibration->trims[0].points == std::vector<std::size_t>{0, 1});
  // A trim solved at every point (no `points:`) leaves the point too.
  project.write("testbenches/shared/all_points.yaml",
                "trims:\n  - {source: itrim, servo: i(vsrv)}\npoints: [{v: 0}, {v: 1}, {v: 2}]\nfull_scale: 1n\n");
  Testbench all = project.load(
      testbench_yaml("  vds: 0.9\n", "calibration: {file: ../shared/all_points.yaml, without_points: [2]}\n"));
  CHECK(all.calibration->trims[0].points == std::vector<std::size_t>{0, 2});
  CHECK_THROWS_WITH_AS(project.load(testbench_yaml(
                           "  vds: 0.9\n", "calibration: {file: ../shared/points.yaml, without_points: [4]}\n")),
                       doctest::Contains("has no point 4"), ConfigError);
  CHECK_THROWS_WITH_AS(project.load(testbench_yaml(
                           "  vds: 0.9\n", "calibration: {file: ../shared/points.yaml, without_points: [3]}\n")),
                       doctest::Contains("trim igt would keep no point"), ConfigError);
  // A trim the file does not have, or an unknown key, is refused with the testbench's line.
  CHECK_THROWS_WITH_AS(
      project.load(testbench_yaml("  vds: 0.9\n", "calibration: {file: ../shared/calibration.yaml, without: [ixt]}\n")),
      doctest::Contains("no trim 'ixt'"), ConfigError);
  CHECK_THROWS_WITH_AS(
      project.load(testbench_yaml("  vds: 0.9\n", "calibration: {file: ../shared/calibration.yaml, except: [igt]}\n")),
      doctest::Contains("except"), ConfigError);
}

TEST_CASE("a calibration's register trims are the template's code registers, with their bits") {
  Project project;
  project.write("testbenches/tb/tb.spice", std::string(kTemplate) + "*@register c_q bits=8 high=vdd\n");
  Testbench tb = project.load(testbench_yaml("  vds: 0.9\n", "calibration: {trims: [{register: c_q, servo: i(vd)}], full_scale: 1n}\n"));
  REQUIRE(tb.code_registers.size() == 1);
  CHECK(tb.code_registers[0].name == "c_q");
  REQUIRE(tb.calibration->trims[0].bits);
  CHECK(*tb.calibration->trims[0].bits == 8);
  CHECK_THROWS_WITH_AS(project.load(testbench_yaml("  vds: 0.9\n", "calibration: {trims: [{register: c_x, servo: i(vd)}], full_scale: 1n}\n")),
                       doctest::Contains("not declared by a *@register line"), ConfigError);
  CHECK_THROWS_WITH_AS(
      project.load(testbench_yaml("  vds: 0.9\n", "calibration: {trims: [{register: c_q, servo: i(vd), bits: 10}], full_scale: 1n}\n")),
      doctest::Contains("has 8 bits"), ConfigError);
  project.write("testbenches/tb/tb.spice", std::string(kTemplate) + "*@register c_q bits=8 high=nosuch\n");
  CHECK_THROWS_WITH_AS(project.load(testbench_yaml("  vds: 0.9\n")), doctest::Contains("tb.spice:"), ConfigError);
}
