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

TEST_CASE("unknown corners and devices are clear errors") {
  Pdk pdk = Pdk::from_environment();
  CHECK_THROWS_WITH_AS(build_model_deck(pdk, {ModelLibrary::combined, "xx", {"nfet_01v8"}, false}),
                       doctest::Contains("process corner 'xx' is not a section"), ConfigError);
  CHECK_THROWS_WITH_AS(build_model_deck(pdk, {ModelLibrary::combined, "tt", {"nfet_99v9"}, false}),
                       doctest::Contains("sky130_fd_pr__nfet_99v9 has no model"), ConfigError);
  CHECK_THROWS_AS(build_model_deck(pdk, {ModelLibrary::combined, "tt\n.control", {"nfet_01v8"}, false}), ConfigError);
}

TEST_CASE("a missing PDK names the paths looked at") {
  Pdk pdk("/nonexistent/pdk", "sky130A");
  auto problems = pdk.problems();
  REQUIRE_FALSE(problems.empty());
  CHECK(problems.front().find("/nonexistent/pdk/sky130A") != std::string::npos);
}
