// A stand-in simulator for unit tests: every job's two vectors are an ideal EKV transfer curve
// (slope factor n) of a 1/1 device, so device_subthreshold measures n without ngspice.
#pragma once
#include <cmath>
#include <string>
#include <vector>

#include "device_extraction.h"
#include "simulator.h"

namespace logsgd {

class EkvSimulator : public Simulator {
 public:
  explicit EkvSimulator(double n, bool fail_second = false) : n_(n), fail_second_(fail_second) {}
  void run(const std::vector<SimRequest>& requests, const ResultCallback& on_result) override {
    for (std::size_t k = requests.size(); k-- > 0;) {  // out of order, as parallel workers finish
      const std::size_t i = k;
      const auto& request = requests[i];
      netlists.push_back(request.netlist);
      job_ids.push_back(request.job_id);
      SimResult result;
      result.job_id = request.job_id;
      result.ok = !(fail_second_ && i == 1);
      if (!result.ok) result.error = "timestep too small";
      double ut = thermal_voltage(request.temperature_c);
      SimVector sweep, current;
      for (double v = 0; v <= 1.6; v += 0.005) {
        double l = std::log1p(std::exp((v - 0.45) / (2 * n_ * ut)));
        sweep.real.push_back(v);
        current.real.push_back(-(500e-9 * l * l + 1e-13));
      }
      if (result.ok)
        for (const auto& name : request.vectors) result.vectors[name] = name == "sweep" ? sweep : current;
      on_result(i, result);
    }
  }
  std::vector<std::string> netlists;
  std::vector<std::string> job_ids;

 private:
  double n_;
  bool fail_second_;
};

}  // namespace logsgd
