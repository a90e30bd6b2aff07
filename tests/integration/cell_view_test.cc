// Behavioural views: a cell's Verilog-A compiled by va2osdi, loaded into the workers, and mixed
// with transistor-level instances in one testbench.
#include "cell_view.h"

#include <doctest/doctest.h>

#include <array>
#include <thread>
#include <vector>

#include "config_error.h"
#include "pool_fixture.h"
#include "run.h"
#include "temp_dir.h"
#include "text_file.h"

using namespace logsgd;

namespace {

RunResult run_project(const std::filesystem::path& testbench, const std::filesystem::path& root, const TempDir& out) {
  return run_with_workers(options_for(testbench, out.path()), root);
}

// A scratch project holding the kit's mirror_n cell (both views) and the quick corner set.
void copy_mirror_cell(const TempDir& project) {
  std::filesystem::path root = LOGSGD_SOURCE_ROOT;
  for (const char* file : {"mirror_n.spice", "mirror_n.va"})
    project.write(std::string("cells/mirror_n/") + file, read_text_file(root / "cells" / "mirror_n" / file));
  project.write("corners/quick.yaml", read_text_file(root / "corners" / "quick.yaml"));
}

}  // namespace

TEST_CASE("mirror_views: the behavioural mirror copies exactly next to the transistor mirror") {
  TempDir out;
  RunResult r = run_project("mirror_views", LOGSGD_SOURCE_ROOT, out);
  REQUIRE_MESSAGE(r.outcomes[0].ok(), r.outcomes[0].failure());
  CHECK(r.outcomes[0].measured.at("behavioural.ratio") == doctest::Approx(2.0).epsilon(1e-9));
  CHECK(r.outcomes[0].measured.at("transistor.ratio") > 2.1);  // drain-voltage error of real devices
  CHECK(r.exit_code() == 0);
  // The operating point lists both transistors of the mirror with their bias.
  const auto& devices = r.outcomes[0].sim.devices;
  REQUIRE(devices.size() == 2);
  CHECK(devices[1].name == "m.xt.x2.msky130_fd_pr__nfet_01v8");
  CHECK(devices[1].w == doctest::Approx(8));  // ratio 2 x W = 4 um
  CHECK(devices[1].vds == doctest::Approx(0.9).epsilon(1e-6));
  CHECK(std::fabs(devices[0].id) == doctest::Approx(10e-9).epsilon(1e-3).scale(0));
  CHECK(read_text_file(out.path() / "report.md").find("weak, saturated") != std::string::npos);
}

TEST_CASE("view: behavioural makes the cell's own name the Verilog-A model") {
  TempDir project;
  copy_mirror_cell(project);
  project.write("testbenches/t/t.spice", "Vdd vdd 0 1.8\nVr vdd r 0\nI1 r a 10n\nX1 a o 0 mirror_n ratio=3\nVo o 0 0.9\n"
                                         "Vr2 vdd r2 0\nI2 r2 a2 10n\nX2 a2 o2 0 mirror_n_transistor ratio=3\nVo2 o2 0 0.9\n");
  project.write("testbenches/t/testbench.yaml",
                "name: t\ntemplate: t.spice\ncells: [{name: mirror_n, view: behavioural}]\ncorners: ../../corners/quick.yaml\n"
                "analyses:\n  - op: {}\nmeasurements:\n"
                "  - {name: b, function: ratio, args: {numerator: i(vo), denominator: i(vr)}}\n"
                "  - {name: t, function: ratio, args: {numerator: i(vo2), denominator: i(vr2)}}\n");
  TempDir out;
  RunResult r = run_project(project.path() / "testbenches" / "t", project.path(), out);
  REQUIRE_MESSAGE(r.outcomes[0].ok(), r.outcomes[0].failure());
  CHECK(r.outcomes[0].measured.at("b.ratio") == doctest::Approx(3.0).epsilon(1e-9));
  CHECK(r.outcomes[0].measured.at("t.ratio") > 3.1);
}

TEST_CASE("a malformed Verilog-A view is refused with file and line") {
  TempDir dir;
  auto source = dir.write("broken.va", "`include \"disciplines.vams\"\nmodule broken(a, b);\n  electrical a, b;\n"
                                       "  analog begin\n    I(a, b) <+ idt(V(a, b));\n  end\nendmodule\n");
  CHECK_THROWS_WITH_AS(compile_verilog_a(source, dir.path() / "cache"), doctest::Contains("broken.va:5"), ConfigError);
  CHECK_THROWS_WITH_AS(compile_verilog_a(source, dir.path() / "cache"), doctest::Contains("idt"), ConfigError);
}

TEST_CASE("two compilations of one Verilog-A view at once both get the complete library") {
  // Two runs started together in one tree compile the same view into the same cache.
  TempDir dir;
  const std::filesystem::path root = LOGSGD_SOURCE_ROOT;
  const auto source = dir.write("mirror_n.va", read_text_file(root / "cells" / "mirror_n" / "mirror_n.va"));
  std::array<std::string, 2> failures;
  std::array<std::filesystem::path, 2> libraries;
  std::vector<std::thread> compilations;
  for (std::size_t i = 0; i < 2; ++i)
    compilations.emplace_back([&, i] {
      try {
        libraries[i] = compile_verilog_a(source, dir.path() / "cache");
      } catch (const std::exception& e) {
        failures[i] = e.what();
      }
    });
  for (auto& c : compilations) c.join();
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK_MESSAGE(failures[i].empty(), failures[i]);
    CHECK(std::filesystem::file_size(libraries[i]) > 0);
  }
}

TEST_CASE("a design sweep of the input current runs each value and plots results against it") {
  TempDir project;
  copy_mirror_cell(project);
  std::filesystem::path root = LOGSGD_SOURCE_ROOT;
  project.write("testbenches/mirror_views/mirror_views.spice",
                read_text_file(root / "testbenches" / "mirror_views" / "mirror_views.spice"));
  std::string yaml = read_text_file(root / "testbenches" / "mirror_views" / "testbench.yaml");
  yaml += "sweep: {parameter: iref, values: [1n, 10n, 100n]}\n"
          "plots:\n  - {name: ratio_vs_iref, x: sweep, results: [transistor.ratio, behavioural.ratio], log_x: true}\n";
  project.write("testbenches/mirror_views/testbench.yaml", yaml);
  TempDir out;
  RunResult r = run_project(project.path() / "testbenches" / "mirror_views", project.path(), out);
  REQUIRE(r.outcomes.size() == 3);
  CHECK(r.outcomes[2].job.id == "mirror_views/tt_27C_1.80V_iref=1e-07");
  for (const auto& o : r.outcomes) {
    REQUIRE_MESSAGE(o.ok(), o.failure());
    CHECK(o.measured.at("behavioural.ratio") == doctest::Approx(2.0).epsilon(1e-9));
  }
  // The transistors' ratio moves with the bias (DIBL and moderate inversion at 100 nA).
  CHECK(r.outcomes[0].measured.at("transistor.ratio") != r.outcomes[2].measured.at("transistor.ratio"));
  CHECK(std::filesystem::exists(out.path() / "plots" / "ratio_vs_iref.png"));
}
