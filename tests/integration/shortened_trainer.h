// A trainer testbench of the kit run with fewer epochs, in a scratch copy of the project's cells,
// corners and trainer testbenches: the real circuit and calibration, at a test's time budget.
#pragma once
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "pool_fixture.h"
#include "temp_dir.h"
#include "text_file.h"

// Copies cells/, corners/ and testbenches/<trainer_1feature, `name`> of the source tree into
// `project`, sets the trainer's `epochs:` of `name` to `epochs` (a REQUIREd edit), and runs it.
inline logsgd::RunResult run_shortened_trainer(const std::string& name, int epochs, const TempDir& project,
                                               logsgd::RunOptions options) {
  namespace fs = std::filesystem;
  const fs::path root = LOGSGD_SOURCE_ROOT;
  const auto recursive = fs::copy_options::recursive;
  fs::copy(root / "cells", project.path() / "cells", recursive);
  fs::copy(root / "corners", project.path() / "corners", recursive);
  fs::create_directories(project.path() / "testbenches");
  fs::copy(root / "testbenches" / "trainer_1feature", project.path() / "testbenches" / "trainer_1feature", recursive);
  if (name != "trainer_1feature")
    fs::copy(root / "testbenches" / name, project.path() / "testbenches" / name, recursive);
  const fs::path yaml_path = project.path() / "testbenches" / name / "testbench.yaml";
  std::string yaml = logsgd::read_text_file(yaml_path);
  const auto at = yaml.find("\n  epochs: ");
  REQUIRE(at != std::string::npos);
  const auto end = yaml.find('\n', at + 1);
  yaml.replace(at, end - at, "\n  epochs: " + std::to_string(epochs));
  // The trim DACs' behavioural view: their transistor view (43 devices each, 559 at N = 1) doubles
  // a DC solve's cost and so the job's; the calibration's flow through their code registers is the
  // same, and the DAC itself is characterised by testbenches/trim_dac_linearity.
  const auto dacs = yaml.find(" trim_dac,");
  REQUIRE(dacs != std::string::npos);
  yaml.replace(dacs, 10, " {name: trim_dac, view: behavioural},");
  project.write("testbenches/" + name + "/testbench.yaml", yaml);
  options.testbench = project.path() / "testbenches" / name;
  return run_with_workers(options, project.path());
}
