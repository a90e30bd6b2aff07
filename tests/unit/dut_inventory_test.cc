#include "dut_inventory.h"

#include <doctest/doctest.h>

#include "config_error.h"

using namespace logsgd;

namespace {

const SpiceSource kCell{"cells/amp/amp.spice",
                        "* a cell with one ideal bias and a PDK pair\n"
                        ".subckt amp in out vdd vss ib=1n\n"
                        "XM1 out in vss vss sky130_fd_pr__nfet_01v8 w=1 l=1\n"
                        "XM2 out out vdd vdd sky130_fd_pr__pfet_01v8 w=1\n"
                        "+ l=1\n"
                        "Ib vdd bias {ib} ; ideal for now\n"
                        "Vp out outp 0\n"
                        ".ends amp\n"
                        ".subckt pair a b vdd vss\n"
                        "XA a b vdd vss amp ib={2 * 1n}\n"
                        "XB b a vdd vss amp\n"
                        "CL a b 1p\n"
                        ".ends pair\n"};

}  // namespace

TEST_CASE("the DUT's hierarchy is walked: PDK devices counted, everything else listed with path and origin") {
  SpiceSource bench{"testbenches/t/t.spice", "Vdd vdd 0 1.8\nXD a b vdd 0 pair\nIload a 0 1n\n"};
  DutInventory inventory = inventory_dut({kCell, bench}, {"XD"});
  CHECK(inventory.instance == "XD");
  CHECK(inventory.subckt == "pair");
  CHECK(inventory.pdk_devices == 4);
  REQUIRE(inventory.ideal.size() == 5);
  CHECK(inventory.ideal[0].path == "xd.xa.ib");
  CHECK(inventory.ideal[0].kind == "current source");
  CHECK(inventory.ideal[0].origin == "cells/amp/amp.spice:6");
  CHECK(inventory.ideal[1].path == "xd.xa.vp");
  CHECK(inventory.ideal[1].kind == "0 V source (wire or probe)");
  CHECK(inventory.ideal[4].path == "xd.cl");
  CHECK(inventory.ideal[4].kind == "capacitor");
  CHECK(inventory.ideal_by_kind().at("current source") == 2);
}

TEST_CASE("the testbench's own sources are outside the DUT") {
  SpiceSource bench{"t.spice", "XD a b vdd 0 amp\nIload a 0 1n\nBsrc a 0 I=v(b)\n"};
  DutInventory inventory = inventory_dut({kCell, bench}, {"xd"});
  CHECK(inventory.ideal.size() == 2);  // the cell's Ib and Vp, not Iload or Bsrc
}

TEST_CASE("a single PDK device as the DUT has nothing ideal inside") {
  SpiceSource bench{"t.spice", "XM d g 0 0 sky130_fd_pr__nfet_01v8 w=1 l=1\n"};
  DutInventory inventory = inventory_dut({bench}, {"XM"});
  CHECK(inventory.pdk_devices == 1);
  CHECK(inventory.ideal.empty());
}

TEST_CASE("element kinds from the first letter") {
  CHECK(element_kind("B1 a 0 I=1") == "behavioural source");
  CHECK(element_kind("V1 a 0 dc 0") == "0 V source (wire or probe)");
  CHECK(element_kind("V1 a 0 0.45") == "voltage source");
  CHECK(element_kind("N1 a b mod") == "behavioural view (Verilog-A)");
  CHECK(element_kind("G1 a 0 b 0 1m") == "voltage-controlled current source");
}

TEST_CASE("a DUT that is not an instance of the template, or a subcircuit defined nowhere, is an error") {
  SpiceSource bench{"t.spice", "XD a b vdd 0 pair\nIload a 0 1n\n"};
  CHECK_THROWS_AS(inventory_dut({kCell, bench}, {"XQ"}), ConfigError);
  CHECK_THROWS_AS(inventory_dut({kCell, bench}, {"Iload"}), ConfigError);
  SpiceSource missing{"t.spice", "XD a b vdd 0 nowhere\n"};
  CHECK_THROWS_WITH_AS(inventory_dut({kCell, missing}, {"XD"}), doctest::Contains("'nowhere'"), ConfigError);
}

TEST_CASE("several instances, or the whole template, can be the DUT") {
  SpiceSource bench{"t.spice", "XA a b vdd 0 amp\nXB c d vdd 0 amp\nIload a 0 1n\n"};
  DutInventory two = inventory_dut({kCell, bench}, {"XA", "XB"});
  CHECK(two.ideal.size() == 4);
  CHECK(two.pdk_devices == 4);
  CHECK(two.instance == "XA, XB");
  DutInventory whole = inventory_dut({kCell, bench}, {kWholeTemplate});
  CHECK(whole.ideal.size() == 5);  // both cells' and the template's own Iload
  CHECK(whole.ideal.back().path == "iload");
}
