// Linearised mismatch analysis (a testbench's `mismatch_sensitivity:` block): at the DC operating
// point every MOSFET's threshold is moved by its own sigma, A_VT/sqrt(W L) with the PDK's A_VT,
// one device at a time; the outputs' changes rank the devices whose mismatch spreads them and
// give the linearised total sigma (root sum of squares). Minutes for hundreds of devices where
// Monte Carlo would take hours, and it names the culprits; valid while the response is linear.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pdk.h"
#include "sim_job.h"
#include "yaml_node.h"

namespace logsgd {

// The learned weights as outputs (harness/analysis/learning_sensitivity.h): the trainer's weights at its
// learning equilibrium, held there by servos.
struct LearningSensitivityDef {
  std::vector<std::string> servos;               // one servo current per weight, in the trainer's weight order
  std::vector<std::string> targets;              // per weight, the source setting its servo's target (weight units)
  std::map<std::string, double> hold;            // set in every state (e.g. the servos' gain)
  std::map<std::string, double> learn;           // set in the learning states (e.g. the learn clock high)
  double learn_duty = 1;                         // fraction of a sample spent learning
  std::vector<std::string> devices;              // instance-path prefixes to analyse (empty: every MOSFET)
};

struct MismatchSensitivityDef {
  std::optional<LearningSensitivityDef> learning;  // outputs are then the trainer's weights
  double weight_full_scale = 0;                    // with learning: the trainer's W_FS, for bits
  bool forward_readout = false;                    // with learning: weights read through the forward path
  std::vector<std::string> outputs;  // plain v(node) / i(source) names
  double scale = 1;                  // the report divides changes by this (e.g. W0 for weights)
  int top = 20;                      // devices listed in the report
};

MismatchSensitivityDef parse_mismatch_sensitivity(const YamlNode& node);

// A_VT [V um] per device type (nfet_01v8, pfet_01v8_lvt, ...): the sw_mm_vth0_* coefficients of
// the combined library's models_global.spice, the threshold mismatch its Monte Carlo draws.
std::map<std::string, double> vth_mismatch_coefficients(const Pdk& pdk);

struct RankedContribution {
  const MismatchContribution* contribution;
  double magnitude;  // root sum of squares of the scaled changes over the outputs; inf: no solution
};
// Largest first.
std::vector<RankedContribution> rank_contributions(const std::vector<MismatchContribution>& contributions,
                                                   double scale);
// Linearised sigma of each output: root sum of squares of every device's change (devices without
// a DC solution when shifted are left out; the report counts them).
std::vector<double> linearised_sigma(const std::vector<MismatchContribution>& contributions, std::size_t outputs);

}  // namespace logsgd
