// The Pelgrom fit of a mismatch run as a picture: each device size's measured σ against
// 1/√(W·L), with the fitted line σ = A/√(W·L) through the origin, one colour per Monte Carlo
// condition (model library). A straight line through the points is Pelgrom's law holding.
#pragma once
#include <filesystem>
#include <vector>

#include "aggregate.h"
#include "plot.h"

#include "run_result.h"
#include "testbench.h"

namespace logsgd {

// The series of one pelgrom_fit aggregate: per condition, the points (markers only) and the fit
// (dashed, same colour). Conditions whose fit did not compute are left out.
std::vector<PlotSeries> pelgrom_series(const AggregateDef& def, const RunResult& run);

// Draws plots/pelgrom_<name>.png for each pelgrom_fit aggregate of the testbench into `out_dir`
// and lists it in run.plots.
void draw_pelgrom_plots(const Testbench& testbench, RunResult& run, const std::filesystem::path& out_dir);

}  // namespace logsgd
