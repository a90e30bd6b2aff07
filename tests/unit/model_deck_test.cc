// Per-circuit model decks from the real PDK tree (read only; no simulation).
#include "model_deck.h"

#include <doctest/doctest.h>

#include "config_error.h"

using namespace logsgd;

static bool contains(const std::vector<std::string>& lines, const std::string& text) {
  for (const auto& line : lines)
    if (line.find(text) != std::string::npos) return true;
  return false;
}

TEST_CASE("devices are found in netlist text") {
  auto devices = devices_used("X1 d g s b sky130_fd_pr__nfet_01v8 w=1\nX2 a b c d sky130_fd_pr__pfet_01v8_lvt\n"
                              "* model sky130_fd_pr__nfet_01v8__model\n");
  CHECK(devices == std::set<std::string>{"nfet_01v8", "pfet_01v8_lvt"});
  // Devices named only in comments (whole-line or inline) are not loaded.
  CHECK(devices_used("* intended sky130_fd_pr__cap_mim_m3_1\nC1 a 0 1p $ sky130_fd_pr__cap_mim_m3_2\n").empty());
}

TEST_CASE("the combined deck holds the section's parameters and only the devices used") {
  Pdk pdk = Pdk::from_environment();
  auto deck = build_model_deck(pdk, {ModelLibrary::combined, "ss", {"nfet_01v8"}, false});
  CHECK(contains(deck, "parameters_fet_ss.spice"));
  CHECK(contains(deck, "models_global.spice"));
  CHECK(contains(deck, "models_fet/sky130_fd_pr__nfet_01v8.spice"));
  CHECK_FALSE(contains(deck, "pfet_01v8"));
  CHECK_FALSE(contains(deck, "models_fet.spice"));
  CHECK(contains(deck, ".param mc_mm_switch=0"));
  auto mismatch = build_model_deck(pdk, {ModelLibrary::combined, "tt", {"nfet_01v8"}, true});
  CHECK(contains(mismatch, ".param mc_mm_switch=1"));
}

TEST_CASE("the binned deck holds scale and lod parameters and the corner's device files") {
  Pdk pdk = Pdk::from_environment();
  auto deck = build_model_deck(pdk, {ModelLibrary::binned, "tt", {"nfet_01v8", "pfet_01v8"}, false});
  CHECK(deck.front() == ".option scale=1.0u");
  CHECK(contains(deck, "lod.spice"));
  CHECK(contains(deck, "sky130_fd_pr__nfet_01v8__tt.pm3.spice"));
  CHECK(contains(deck, "sky130_fd_pr__nfet_01v8__mismatch.corner.spice"));
  CHECK(contains(deck, "sky130_fd_pr__pfet_01v8__tt.corner.spice"));
  CHECK_FALSE(contains(deck, "nfet_01v8_lvt"));
}

TEST_CASE("both decks load the MIM capacitor model with its parameters and mismatch") {
  Pdk pdk = Pdk::from_environment();
  // Combined: the capacitor aggregate (models inline, mismatch through sw_mm_cmim and mult) and
  // the section's capacitor parameters (sw_cap_mim_ca, sw_cap_mim_dw, process variation).
  auto combined = build_model_deck(pdk, {ModelLibrary::combined, "tt", {"nfet_01v8", "cap_mim_m3_1"}, true});
  CHECK(contains(combined, "continuous/models_capacitors.spice"));
  CHECK(contains(combined, "parameters_cap_nom.spice"));
  CHECK(contains(combined, ".param mc_mm_switch=1"));
  auto combined_high = build_model_deck(pdk, {ModelLibrary::combined, "hh", {"cap_mim_m3_1"}, false});
  CHECK(contains(combined_high, "parameters_cap_high.spice"));

  // Binned: the device file from all.spice (through capacitors/...cap_mim.model.spice, which
  // also names cap_mim_m3_2: only the device used is loaded) and the parameters it needs from
  // the section's r+c files, inline, without their ~3,000 interconnect parameters.
  auto binned = build_model_deck(pdk, {ModelLibrary::binned, "tt", {"nfet_01v8", "cap_mim_m3_1"}, true});
  CHECK(contains(binned, "sky130_fd_pr__cap_mim_m3_1.model.spice"));
  CHECK_FALSE(contains(binned, "cap_mim_m3_2"));
  CHECK(contains(binned, "sky130_fd_pr__nfet_01v8__tt.pm3.spice"));
  CHECK(contains(binned, ".param mc_mm_switch=1"));
  CHECK(contains(binned, "camimc=  2.00e-15"));
  CHECK(contains(binned, "cpmimc"));
  CHECK(contains(binned, "rcvia3"));
  CHECK(contains(binned, "m3_dw"));
  CHECK(contains(binned, "tc1rvia3"));
  CHECK_FALSE(contains(binned, "parameters/typical.spice"));
  for (const auto& line : binned) CHECK(line.rfind(".model", 0) != 0);  // no resistor models
  // Every parameter line comes before the device file that uses it.
  auto position = [&binned](const std::string& text) {
    for (std::size_t k = 0; k < binned.size(); ++k)
      if (binned[k].find(text) != std::string::npos) return k;
    return binned.size();
  };
  CHECK(position("camimc") < position("cap_mim_m3_1.model.spice"));
  CHECK(position("m3_dw") < position("cap_mim_m3_1.model.spice"));
  // The capacitor corners of the binned library: hh takes the high MIM capacitance (+11.5 %).
  auto high = build_model_deck(pdk, {ModelLibrary::binned, "hh", {"cap_mim_m3_1"}, false});
  CHECK(contains(high, "camimc=  2.231e-15"));
  // A FET-only deck stays as it was: no r+c parameters.
  auto fets = build_model_deck(pdk, {ModelLibrary::binned, "tt", {"nfet_01v8"}, false});
  CHECK_FALSE(contains(fets, "camimc"));
}

TEST_CASE("unknown corners and devices are clear errors") {
  Pdk pdk = Pdk::from_environment();
  CHECK_THROWS_WITH_AS(build_model_deck(pdk, {ModelLibrary::combined, "xx", {"nfet_01v8"}, false}),
                       doctest::Contains("process corner 'xx' is not a section"), ConfigError);
  CHECK_THROWS_WITH_AS(build_model_deck(pdk, {ModelLibrary::combined, "tt", {"nfet_99v9"}, false}),
                       doctest::Contains("sky130_fd_pr__nfet_99v9 has no model"), ConfigError);
  CHECK_THROWS_WITH_AS(build_model_deck(pdk, {ModelLibrary::binned, "tt", {"cap_mim_m9_9"}, false}),
                       doctest::Contains("sky130_fd_pr__cap_mim_m9_9 has no model"), ConfigError);
  CHECK_THROWS_AS(build_model_deck(pdk, {ModelLibrary::combined, "tt\n.control", {"nfet_01v8"}, false}), ConfigError);
}

TEST_CASE("a missing PDK names the paths looked at") {
  Pdk pdk("/nonexistent/pdk", "sky130A");
  auto problems = pdk.problems();
  REQUIRE_FALSE(problems.empty());
  CHECK(problems.front().find("/nonexistent/pdk/sky130A") != std::string::npos);
}
