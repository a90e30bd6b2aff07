// A corner set (corners/<name>.yaml): process corners x temperatures x supply voltages.
// Crossing them gives the conditions a testbench runs at.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "pdk.h"

namespace logsgd {

struct Condition {
  std::string id;  // stable: "tt_27C_1.80V", "ss_m40C_1.62V"; "..._mm" with mismatch on
  std::string process;
  double temperature_c = 27;
  double vdd = 1.8;
  bool mismatch = false;  // Monte Carlo: per-instance mismatch draws (MC_MM_SWITCH=1)
  std::optional<ModelLibrary> library;  // set when the corner set names one for this condition
};

// Auto-stop: stop drawing a Monte Carlo condition's samples once the yield (samples passing every
// judged spec) is shown above or below `yield` at `confidence` (harness/autostop.h).
struct AutoStop {
  double yield = 0.99;
  double confidence = 0.95;
};

// Monte Carlo samples at one condition. Process "mc" (a library section) adds global process
// variation to the per-instance mismatch.
struct MonteCarlo {
  int samples = 0;
  bool mismatch = true;
  std::string process = "tt";
  double temperature_c = 27;
  double vdd = 1.8;
  std::vector<ModelLibrary> libraries;  // empty: the run's library; several: one condition each
  std::optional<AutoStop> autostop;     // samples is then the most drawn per condition
  std::vector<Condition> conditions() const;
};

struct CornerSet {
  std::string name;
  std::string description;
  std::filesystem::path path;
  std::vector<std::string> process{"tt"};
  std::vector<double> temperatures{27};
  std::vector<double> supplies{1.8};
  std::optional<ModelLibrary> library;  // overrides the run's default when set
  std::optional<MonteCarlo> monte_carlo;

  std::vector<Condition> conditions() const;  // in a fixed order: process, temperature, supply
};

CornerSet load_corner_set(const std::filesystem::path& path);  // throws ConfigError (file:line: key)

std::string condition_id(const std::string& process, double temperature_c, double vdd);

}  // namespace logsgd
