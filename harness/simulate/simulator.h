// The one interface between the harness and a simulator, so planning, measuring and checking
// can be unit-tested without ngspice while integration tests use the real worker pool.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "sim_job.h"

namespace logsgd {

class Simulator {
 public:
  using ResultCallback = std::function<void(std::size_t index, SimResult result)>;
  virtual ~Simulator() = default;
  // Runs every request; calls `on_result` once per request (serialised, in completion order).
  // A failed simulation is a result with ok=false, never an exception.
  virtual void run(const std::vector<SimRequest>& requests, const ResultCallback& on_result) = 0;
  // What simulates, for the report's provenance (e.g. "ngspice-46 (libngspice)").
  virtual std::string version() { return "unknown"; }
};

}  // namespace logsgd
