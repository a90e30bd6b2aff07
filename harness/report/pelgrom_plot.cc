#include "pelgrom_plot.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "plot.h"

namespace logsgd {

std::vector<PlotSeries> pelgrom_series(const AggregateDef& def, const RunResult& run) {
  std::vector<PlotSeries> series;
  if (def.function != "pelgrom_fit" || !def.number_args.count("areas")) return series;
  const auto& areas = def.number_args.at("areas");
  int colour = 0;
  for (const auto& [condition, values] : run.aggregates) {
    auto a = values.find(def.name + ".a");
    if (a == values.end() || !std::isfinite(a->second)) continue;
    ++colour;
    PlotSeries measured{condition + " measured σ", {}, {}};
    measured.color = colour;
    measured.markers_only = true;
    double widest = 0;
    for (std::size_t k = 0; k < areas.size(); ++k) {
      auto sigma = values.find(fmt::format("{}.sigma_{}", def.name, k));
      if (sigma == values.end() || !(areas[k] > 0)) continue;
      measured.x.push_back(1 / std::sqrt(areas[k]));
      measured.y.push_back(sigma->second);
      widest = std::max(widest, measured.x.back());
    }
    // The law's line through the origin, a little past the smallest device.
    PlotSeries fit{fmt::format("{} fit A = {:.4g} µm", condition, a->second), {0, 1.1 * widest},
                   {0, a->second * 1.1 * widest}};
    fit.color = colour;
    fit.dashed = true;
    series.push_back(measured);
    series.push_back(fit);
  }
  return series;
}

void draw_pelgrom_plots(const Testbench& testbench, RunResult& run, const std::filesystem::path& out_dir) {
  for (const auto& def : testbench.aggregates) {
    std::vector<PlotSeries> series = pelgrom_series(def, run);
    if (series.empty()) continue;
    PlotDef plot;
    plot.name = "pelgrom_" + def.name;
    plot.title = fmt::format("Pelgrom fit '{}': σ against 1/√(W·L) over the Monte Carlo samples", def.name);
    plot.x_label = "1/√(W·L) [1/µm]";
    const auto& results = def.result_args.at("results");
    plot.y_label = results.size() == 1 ? "σ of " + results.front()
                                       : fmt::format("σ of {} … {}", results.front(), results.back());
    std::filesystem::create_directories(out_dir / "plots");
    const std::filesystem::path file = std::filesystem::path("plots") / (plot.name + ".png");
    if (render_plot(plot, series, out_dir / file)) run.plots.push_back({plot.title, file.string()});
  }
}

}  // namespace logsgd
