// DC continuation: which sweep reaches a state, from the deck's state or a state the servos held.
#include "dc_continuation.h"

#include <doctest/doctest.h>

#include "in_memory_circuit.h"

using namespace logsgd;

namespace {

// Records sweeps only: continuation never reads values itself.
class SweepRecorder : public InMemoryCircuit {
 public:
  std::string sweep_error;
  std::vector<double> values(const std::vector<std::string>&, std::string&) override { return {}; }
  std::string sweep(const std::string& source, double from, double to, int steps) override {
    InMemoryCircuit::sweep(source, from, to, steps);
    return sweep_error;
  }
};

}  // namespace

TEST_CASE("continuation sweeps the first source that moves from the deck's value to its target") {
  SweepRecorder circuit;
  DcContinuation continuation;
  auto swept = continuation.reach(circuit, {{"va", 1.0}, {"vb", 0.8}}, {{"va", 1.0}, {"vb", 0.2}});
  REQUIRE(swept);
  CHECK(swept->empty());
  CHECK(circuit.sweeps == std::vector<std::string>{"vb 0.2 0.8 5"});
}

TEST_CASE("continuation from the deck's own state: nothing to sweep unless a held state differs") {
  SweepRecorder circuit;
  DcContinuation continuation;
  CHECK_FALSE(continuation.reach(circuit, {{"vw", 0.8}}, {{"vw", 0.8}}));
  CHECK(circuit.sweeps.empty());
  continuation.remember_held({{"vw", 0.2}});
  continuation.remember_held({{"vw", 0.4}, {"vother", 1}});  // a source the target does not set is ignored
  continuation.remember_held({{"vw", 0.8}});                 // the target itself: no sweep from there
  auto swept = continuation.reach(circuit, {{"vw", 0.8}}, {{"vw", 0.8}});
  REQUIRE(swept);
  CHECK(circuit.sweeps == std::vector<std::string>{"vw 0.4 0.8 5"});  // the latest held state that differs
}

TEST_CASE("continuation returns the sweep's error and tries no other start") {
  SweepRecorder circuit;
  circuit.sweep_error = "no convergence in dc sweep";
  DcContinuation continuation;
  continuation.remember_held({{"vw", 0.2}});
  auto swept = continuation.reach(circuit, {{"vw", 0.8}}, {{"vw", 0.5}});
  REQUIRE(swept);
  CHECK(*swept == "no convergence in dc sweep");
  CHECK(circuit.sweeps.size() == 1);
}
