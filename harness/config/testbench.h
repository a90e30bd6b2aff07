// A testbench: a plain-SPICE template beside a YAML file that names the cells it instantiates,
// its parameters, analyses, measurements and specs (testbenches/<name>/testbench.yaml).
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "aggregate.h"
#include "calibration.h"
#include "code_register.h"
#include "cell_view.h"
#include "dut_inventory.h"
#include "measure.h"
#include "mismatch_sensitivity.h"
#include "plot.h"
#include "trainer.h"
#include "spec.h"

namespace logsgd {

namespace fs = std::filesystem;

struct Testbench {
  std::string name;
  std::string description;
  fs::path yaml_path;
  fs::path template_path;
  std::string template_text;            // validated: no control lines, no includes
  std::vector<CellUse> cells;           // cells/<cell>/, defined before the template
  std::vector<std::string> dut;         // the device under test: X instances of the template (or "template")
  std::optional<DutInventory> dut_inventory;  // what inside the DUT is not a PDK device
  std::map<std::string, double> parameters;  // nominal values; conditions override some
  std::string supply_parameter = "vdd";      // the parameter a corner's supply voltage sets
  std::vector<std::string> analyses;         // rendered analysis lines (.dc, .tran, .ac, .op)
  std::vector<std::string> keep;             // vectors saved with the results
  std::vector<MeasurementDef> measurements;
  std::vector<AggregateDef> aggregates;      // across the Monte Carlo samples of a condition
  std::vector<Spec> specs;
  std::vector<PlotDef> plots;               // drawn over all conditions into the report
  std::optional<TrainerSetup> trainer;       // a learning circuit judged against ideal SGDr
  struct Sweep {
    std::string parameter;
    std::vector<double> values;
    // Parameters that track the swept one, from their nominal ratio: `proportional` scale with the
    // value (e.g. I_tau with I_u: biases generated from one reference), `inverse` with 1/value
    // (e.g. T_s with I_u: the same eta at every bias).
    std::vector<std::string> proportional, inverse;
  };
  std::optional<Sweep> sweep;  // every condition runs once per value (a design sweep, e.g. of I_u)
  fs::path default_corners;                  // used when the run names no corner file
  double timeout_s = 120;
  std::map<std::string, double> options;    // simulator options (.option name=value), e.g. gmin
  bool operating_point = false;              // report every transistor's bias (IC, V_DS vs V_DSsat)
  std::optional<MismatchSensitivityDef> mismatch_sensitivity;
  std::vector<CodeRegister> code_registers;   // the template's *@register lines (trim DACs' codes)
  std::optional<CalibrationDef> calibration;  // power-up offset trim before the analyses
  // Then the storage-node trims found again at the weights a first training pass learned.
  std::optional<LearnedWeightsCalibrationDef> learned_weights_calibration;

  std::vector<std::string> vectors_wanted() const;  // keep + what the measurements read
  bool is_aggregate_result(const std::string& result) const;  // "<aggregate>.<output>"
};

// `location`: a testbench folder, its YAML file, or a bare name under <project>/testbenches.
// Throws ConfigError naming file:line and key for anything malformed.
Testbench load_testbench(const fs::path& location, const fs::path& project_root);

// Checks a SPICE template or cell netlist: only circuit lines and the dot commands that describe a
// circuit (.subckt .ends .param .model .func .global .ic .nodeset .if/.elseif/.else/.endif);
// throws ConfigError naming file:line for anything else (analyses, options, includes, control).
void validate_template(const std::string& text, const std::string& origin);

}  // namespace logsgd
