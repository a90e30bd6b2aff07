#include "run.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>

#include "check.h"
#include "config_error.h"
#include "corner_set.h"
#include "plan.h"
#include "progress.h"
#include "render.h"
#include "report.h"
#include "testbench.h"

namespace logsgd {

namespace fs = std::filesystem;

static fs::path default_out_dir(const fs::path& project_root, const std::string& testbench, const std::string& corners) {
  std::time_t now = std::time(nullptr);
  return project_root / "results" / fmt::format("{}-{}-{:%Y%m%d-%H%M%S}", testbench, corners, fmt::localtime(now));
}

RunOutput run_testbench(const RunOptions& options, const Pdk& pdk, const fs::path& project_root, Simulator& simulator,
                        int workers) {
  auto start = std::chrono::steady_clock::now();
  Testbench testbench = load_testbench(options.testbench, project_root);
  fs::path corner_path = options.corners ? *options.corners : testbench.default_corners;
  if (corner_path.empty()) corner_path = project_root / "corners" / "quick.yaml";
  CornerSet corners = load_corner_set(corner_path);
  ModelLibrary library = options.library_given || !corners.library ? options.library : *corners.library;

  std::vector<Job> jobs = plan_jobs(testbench, corners, options.seed);
  if (!options.only_job.empty()) {
    jobs.erase(std::remove_if(jobs.begin(), jobs.end(), [&](const Job& j) { return j.id != options.only_job; }), jobs.end());
    if (jobs.empty()) throw ConfigError(fmt::format("no job '{}' in this plan", options.only_job));
  }

  // One netlist per process corner: workers reuse it across temperatures and supplies.
  std::map<std::string, std::string> netlists;
  std::vector<SimRequest> requests;
  for (const auto& job : jobs) {
    auto& netlist = netlists[job.condition.process];
    if (netlist.empty()) netlist = render_netlist(testbench, pdk, library, job.condition.process, false);
    SimRequest request;
    request.job_id = job.id;
    request.netlist = netlist;
    request.parameters = job.parameters;
    request.temperature_c = job.condition.temperature_c;
    request.seed = job.seed;
    request.vectors = testbench.vectors_wanted();
    request.timeout_s = testbench.timeout_s;
    requests.push_back(std::move(request));
  }

  RunOutput output;
  RunResult& result = output.result;
  result.testbench = testbench.name;
  result.testbench_description = testbench.description;
  result.corner_set = corners.name;
  result.library = fmt::format("{} ({})", to_string(library), pdk.library_dir(library).string());
  result.pdk = pdk.dir().string();
  result.seed = options.seed;
  result.workers = workers;
  result.outcomes.resize(jobs.size());

  Progress progress(jobs.size(), options.progress);
  simulator.run(requests, [&](std::size_t index, SimResult sim) {
    JobOutcome& outcome = result.outcomes[index];
    outcome.job = jobs[index];
    if (sim.ok) {
      MeasureInput input{sim.vectors, jobs[index].parameters, jobs[index].condition.temperature_c};
      for (const auto& measurement : testbench.measurements) {
        try {
          auto values = measure(measurement, input);
          outcome.measured.insert(values.begin(), values.end());
        } catch (const MeasureError& e) {
          if (outcome.measure_error.empty()) outcome.measure_error = fmt::format("measurement {}: {}", measurement.name, e.what());
        }
      }
      // Keep only the vectors the testbench asked to save.
      for (auto it = sim.vectors.begin(); it != sim.vectors.end();)
        it = std::find(testbench.keep.begin(), testbench.keep.end(), it->first) == testbench.keep.end()
                 ? sim.vectors.erase(it) : std::next(it);
    }
    outcome.sim = std::move(sim);
    progress.job_done(outcome.job.id, outcome.ok());
  });
  progress.finish();
  result.checks = check_specs(testbench, result.outcomes);
  result.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  output.out_dir = options.out_dir ? *options.out_dir : default_out_dir(project_root, testbench.name, corners.name);
  fs::create_directories(output.out_dir);
  write_json_results(result, output.out_dir / "results.json");
  write_junit(result, output.out_dir / "junit.xml");
  write_kept_vectors(result, output.out_dir / "vectors");
  for (const auto& plot : testbench.plots) {
    std::vector<PlotSeries> series;
    for (const auto& o : result.outcomes)
      for (const auto& y : plot.y)
        if (o.sim.vectors.count(plot.x) && o.sim.vectors.count(y))
          series.push_back({fmt::format("{} {}", o.job.condition.id, y), o.sim.vectors.at(plot.x).real,
                            o.sim.vectors.at(y).real, o.job.condition.temperature_c});
    fs::path file = fs::path("plots") / (plot.name + ".png");
    fs::create_directories(output.out_dir / "plots");
    if (render_plot(plot, series, output.out_dir / file)) result.plots.emplace_back(plot.title, file.string());
  }
  write_markdown_report(result, output.out_dir / "report.md");
  return output;
}

}  // namespace logsgd
