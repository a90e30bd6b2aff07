#include "run.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "autostop.h"
#include "check.h"
#include "config_error.h"
#include "corner_set.h"
#include "device_factors.h"
#include "folder_lock.h"
#include "kit_version.h"
#include "pelgrom_plot.h"
#include "plan.h"
#include "plot.h"
#include "progress.h"
#include "render.h"
#include "report.h"
#include "report_document.h"
#include "provenance.h"
#include "result_store.h"
#include "sha256.h"
#include "statistics.h"
#include "testbench.h"
#include "text_file.h"
#include "learned_weights_calibration.h"
#include "learning_sensitivity.h"
#include "trainer.h"

namespace logsgd {

namespace fs = std::filesystem;

namespace {

// One Monte Carlo condition under auto-stop: its samples' jobs (one per design-sweep value), how
// many samples may be simulated so far, and the decision over the samples judged.
struct StopGroup {
  AutoStopResult result;
  std::vector<std::vector<std::size_t>> sample_jobs;  // sample -> its jobs' indices
  int horizon = 0;
  bool done = false;
};

// Where a trainer's weights are read for the calibration at the learned weights (and the second
// pass's, to compare): their mean over the last tenth of a T_s before the read-out time.
std::pair<double, double> weight_read_window(const TrainerSetup& setup) {
  return {setup.readout_time() - setup.sample_time / 10, setup.readout_time()};
}

// The calibration at the learned weights: the first pass's effective bits, judged against the
// same ideal SGDr as the second (both passes start from the power-up state at the same weights:
// the ideal final weights are the second pass's read-out less its final errors), and the current
// each storage-node trim took over.
void record_first_pass(const Testbench& testbench, const Job& job, const SimResult& sim, JobOutcome& outcome) {
  const auto& learned = *testbench.learned_weights_calibration;
  const TrainerSetup setup = testbench.trainer->at(job.parameters);
  const auto time = sim.vectors.find("time");
  double sum_squares = 0;
  for (std::size_t i = 0; i < learned.weights.size() && i < sim.first_pass_weights.size(); ++i) {
    outcome.measured["calibration.learned_point_" + learned.weights[i].trim] = sim.learned_point_servo.at(i);
    const auto error = outcome.measured.find("trainer." + final_error_name(i));
    const auto trace = sim.vectors.find(learned.weights[i].read);
    if (error == outcome.measured.end() || time == sim.vectors.end() || trace == sim.vectors.end()) return;
    const auto [read_from, read_to] = weight_read_window(setup);
    const double second = time_average(time->second.real, trace->second.real, read_from, read_to);
    const double first_error = sim.first_pass_weights[i] - (second - error->second);
    sum_squares += first_error * first_error;
  }
  const double rms = std::sqrt(sum_squares / static_cast<double>(learned.weights.size()));
  outcome.measured["calibration.first_pass_effective_bits"] =
      std::log2(setup.weight_full_scale / (std::sqrt(12.0) * std::max(rms, 1e-300)));
}

// The chip time the calibration at the learned weights adds: the first pass, the detectors'
// settling and one integration window per search step (the detectors search in parallel).
double learned_point_chip_time(const Testbench& testbench, const Job& job) {
  const auto& learned = *testbench.learned_weights_calibration;
  const TrainerSetup setup = testbench.trainer->at(job.parameters);
  return setup.readout_time() - setup.start_time +
         (learned.settle_samples + testbench.calibration->ruler_bits() * learned.average_samples) * setup.sample_time;
}

JobOutcome measure_job(const Testbench& testbench, const Job& job, SimResult sim) {
  JobOutcome outcome;
  outcome.job = job;
  if (sim.ok) {
    MeasureInput input{sim.vectors, job.parameters, job.condition.temperature_c};
    for (const auto& measurement : testbench.measurements) {
      try {
        auto values = measure(measurement, input);
        outcome.measured.insert(values.begin(), values.end());
      } catch (const MeasureError& e) {
        if (outcome.measure_error.empty()) outcome.measure_error = fmt::format("measurement {}: {}", measurement.name, e.what());
      }
    }
    if (testbench.trainer) {
      try {
        auto trained = measure_trainer(*testbench.trainer, sim.vectors, job.parameters, job.condition.temperature_c);
        for (const auto& [name, value] : trained.values) outcome.measured["trainer." + name] = value;
      } catch (const std::exception& e) {
        if (outcome.measure_error.empty()) outcome.measure_error = fmt::format("trainer: {}", e.what());
      }
    }
    if (!sim.trims.empty()) {
      double saturated = 0, residual = 0;
      for (const auto& trim : sim.trims) {
        outcome.measured["calibration." + trim.source] = trim.applied;
        saturated += trim.saturated;
        residual = std::max(residual, std::fabs(trim.residual));
      }
      outcome.measured["calibration.saturated"] = saturated;
      outcome.measured["calibration.residual"] = residual;
      if (!sim.first_pass_weights.empty()) record_first_pass(testbench, job, sim, outcome);
      if (const auto& calibration = testbench.calibration;
          calibration && calibration->algorithm == CalibrationAlgorithm::successive_approximation) {
        // The detectors decide in parallel, so a chip's calibration lasts decisions x decision_time;
        // its energy is that time at the trainer's own supply power (the same bias currents flow).
        outcome.measured["calibration.decisions"] =
            sim.calibration_decisions + (sim.first_pass_weights.empty() ? 0 : calibration->ruler_bits());
        if (calibration->decision_time) {
          double chip_time = sim.calibration_decisions * calibration->decision_time->resolve(job.parameters);
          if (!sim.first_pass_weights.empty()) chip_time += learned_point_chip_time(testbench, job);
          outcome.measured["calibration.chip_time"] = chip_time;
          if (auto power = outcome.measured.find("trainer.power"); power != outcome.measured.end())
            outcome.measured["calibration.energy"] = chip_time * power->second;
        }
      }
    }
    // Keep only the vectors the testbench asked to save (a trainer's weights are always kept).
    std::vector<std::string> kept = testbench.keep;
    if (testbench.trainer) kept = testbench.vectors_wanted();
    for (auto it = sim.vectors.begin(); it != sim.vectors.end();)
      it = std::find(kept.begin(), kept.end(), it->first) == kept.end() ? sim.vectors.erase(it) : std::next(it);
  }
  if (testbench.dut_inventory) {
    // Structure, not simulation: the same for every job, so a spec can require 0 on each.
    outcome.measured["dut.ideal_elements"] = static_cast<double>(testbench.dut_inventory->ideal.size());
    outcome.measured["dut.pdk_devices"] = testbench.dut_inventory->pdk_devices;
  }
  outcome.sim = std::move(sim);
  return outcome;
}

// The learning equilibrium's DC states: the learning state at the data set's moment-matching
// points (harness/analysis/learning_sensitivity.h) and the rest state at the data's mean, each with the
// trainer's stimulus sources set; the search starts at the ridge solution (where slow learning settles).
LearningSensitivityRequest learning_sensitivity_request(const LearningSensitivityDef& def, const TrainerSetup& trainer,
                                                        const std::map<std::string, double>& parameters,
                                                        const std::map<std::string, double>& vth_coefficients) {
  LearningSensitivityRequest request;
  // The stimulus inputs: x1 .. xN, y and, when the stream is chopped, the bias input's sign.
  const Dataset& data = trainer.data;
  std::vector<std::string> inputs;
  for (int f = 0; f < data.features(); ++f) inputs.push_back(fmt::format("x{}", f + 1));
  inputs.push_back("y");
  if (trainer.chop) inputs.push_back("sign");
  Eigen::MatrixXd values(data.samples(), static_cast<Eigen::Index>(inputs.size()));
  values.leftCols(data.features()) = data.x;
  values.col(data.features()) = data.y;
  if (trainer.chop) values.col(data.features() + 1) = data.bias_sign;
  auto data_sources = [&](const Eigen::VectorXd& z) {
    std::map<std::string, double> sources = def.hold;
    for (std::size_t k = 0; k < inputs.size(); ++k)
      sources[trainer_stimulus_source(inputs[k])] = z(static_cast<Eigen::Index>(k));
    return sources;
  };
  const std::vector<WeightedPoint> points = moment_matching_points(values);
  for (const auto& point : points) {
    CalibrationState state{def.learn_duty * point.weight, data_sources(point.z)};
    for (const auto& [source, value] : def.learn) state.sources[source] = value;
    request.learn_states.push_back(state);
  }
  request.rest_state = {1 - def.learn_duty, data_sources(points.front().z)};
  request.servos = def.servos;
  request.targets = def.targets;
  request.readouts = trainer.weights;
  if (trainer.forward_readout && trainer.in_situ_error) {
    // The weights as the forward read-out reads them (harness/measure/trainer.h): its probes as DC states
    // (the rest state, the probe inputs set) and y_hat = -e = -sign (v - offset) / unit of each.
    const auto& signal = *trainer.in_situ_error;
    const double to_prediction = -signal.sign / signal.unit.resolve(parameters);
    const double a = trainer.forward_readout->amplitude, x_b = trainer.bias_input.resolve(parameters);
    const int features = data.features(), weights = trainer.weight_count();
    request.probe_vector = signal.vector;
    request.probe_coefficients.assign(static_cast<std::size_t>(weights), {});
    request.probe_constants.assign(static_cast<std::size_t>(weights), 0.0);
    // One DC state per distinct probe (the drift-cancelling order repeats them); a weight's
    // coefficients average its probes as the transient read-out does.
    std::map<std::pair<int, std::pair<double, double>>, std::size_t> state_of;
    std::vector<std::vector<double>> coefficients(static_cast<std::size_t>(weights));
    std::vector<int> count(static_cast<std::size_t>(weights), 0);
    for (const ForwardProbe& p : forward_probe_sequence(features, trainer.bias, trainer.chop)) {
      auto [at, fresh] = state_of.emplace(std::pair{p.feature, std::pair{p.x_sign, p.bias_sign}}, request.probe_states.size());
      if (fresh) {
        CalibrationState state{1, def.hold};
        for (int f = 0; f < features; ++f)
          state.sources[trainer_stimulus_source(fmt::format("x{}", f + 1))] = f == p.feature ? p.x_sign * a : 0;
        state.sources[trainer_stimulus_source("y")] = 0;
        state.sources[trainer_stimulus_source("sign")] = p.bias_sign;
        request.probe_states.push_back(state);
      }
      auto& row = coefficients[static_cast<std::size_t>(p.weight)];
      row.resize(request.probe_states.size(), 0.0);
      row[at->second] += p.coefficient * to_prediction / (p.feature >= 0 ? a : x_b);
      ++count[static_cast<std::size_t>(p.weight)];
      // y_hat = to_prediction * (v - offset): the offset's share is a constant.
      request.probe_constants[static_cast<std::size_t>(p.weight)] -=
          p.coefficient * to_prediction * signal.offset.resolve(parameters) / (p.feature >= 0 ? a : x_b);
    }
    for (std::size_t i = 0; i < coefficients.size(); ++i) {
      coefficients[i].resize(request.probe_states.size(), 0.0);
      for (double& c : coefficients[i]) c /= count[i];
      request.probe_constants[i] /= count[i];
    }
    request.probe_coefficients = coefficients;
  }
  Eigen::VectorXd ridge = ridge_solution(trainer.data, trainer.lambda.resolve(parameters), trainer.bias,
                                         trainer.bias_input.resolve(parameters));
  request.initial.assign(ridge.data(), ridge.data() + ridge.size());
  request.vth_sigma_um = vth_coefficients;
  request.device_prefixes = def.devices;
  return request;
}

// Inside the project: relative to its root (what a designer types there); outside: absolute.
std::string relative_to(const fs::path& path, const fs::path& base) {
  fs::path relative = fs::proximate(path, base);
  return relative.empty() || *relative.begin() == ".." ? fs::absolute(path).lexically_normal().string() : relative.string();
}

void draw_plots(const Testbench& testbench, RunResult& result, const fs::path& out_dir) {
  for (const auto& plot : testbench.plots) {
    std::vector<PlotSeries> series;
    if (!plot.results.empty()) {
      // One curve per corner condition and result, against the sweep value.
      std::map<std::string, std::size_t> index;
      for (const auto& o : result.outcomes) {
        if (o.job.sample >= 0 || !o.job.sweep_value) continue;
        for (std::size_t k = 0; k < plot.results.size(); ++k) {
          const std::string& r = plot.results[k];
          auto found = o.measured.find(r);
          if (found == o.measured.end()) continue;
          std::string label = o.job.base_condition + " " + series_label(plot, k);
          auto [it, fresh] = index.emplace(label, series.size());
          if (fresh) series.push_back({label, {}, {}, o.job.condition.temperature_c});
          series[it->second].x.push_back(*o.job.sweep_value);
          series[it->second].y.push_back(found->second);
        }
      }
    }
    for (const auto& o : result.outcomes) {
      if (!plot.results.empty()) break;
      if (o.job.sample >= 0) continue;  // Monte Carlo samples would drown the corners
      for (std::size_t k = 0; k < plot.y.size(); ++k) {
        const std::string& y = plot.y[k];
        if (o.sim.vectors.count(plot.x) && o.sim.vectors.count(y))
          series.push_back({fmt::format("{} {}", o.job.condition.id, series_label(plot, k)),
                            o.sim.vectors.at(plot.x).real, o.sim.vectors.at(y).real, o.job.condition.temperature_c});
      }
    }
    fs::path file = fs::path("plots") / (plot.name + ".png");
    fs::create_directories(out_dir / "plots");
    if (render_plot(plot, series, out_dir / file)) result.plots.push_back({plot.title, file.string()});
  }
}

// Every Monte Carlo die's weight error at the end of each sample, one plot per condition and
// weight: whether a die's error is an offset of where it converges (flat), a learning rate that
// differs (a transient that decays) or noise is what a designer asks first of a die that fails its
// bits, and a histogram of final errors cannot tell them apart.
void draw_monte_carlo_weight_errors(const Testbench& testbench, RunResult& result, const fs::path& out_dir) {
  constexpr std::size_t kMaxDies = 64;  // beyond this the plot is a blur: the first 64 dies drawn
  std::map<std::string, std::vector<std::pair<int, const JobOutcome*>>> dies;  // by condition
  for (const auto& o : result.outcomes)
    if (o.job.sample >= 0 && o.ok()) dies[o.job.condition.id].push_back({o.job.sample, &o});
  for (auto& [condition, outcomes] : dies) {
    std::sort(outcomes.begin(), outcomes.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    if (outcomes.size() > kMaxDies) outcomes.resize(kMaxDies);
    std::vector<std::vector<PlotSeries>> by_weight;
    std::vector<std::string> names;
    for (const auto& [sample, o] : outcomes) {
      TrainerCurves curves;
      try {
        curves = trainer_curves(*testbench.trainer, o->sim.vectors, o->job.parameters, o->job.condition.temperature_c);
      } catch (const std::exception&) {
        continue;
      }
      by_weight.resize(std::max(by_weight.size(), curves.errors.size()));
      names.resize(by_weight.size());
      for (std::size_t i = 0; i < curves.errors.size(); ++i) {
        PlotSeries series = std::move(curves.errors[i]);
        names[i] = series.label.substr(0, series.label.find(' '));
        series.label = fmt::format("die {}", sample);
        series.color = 0;
        by_weight[i].push_back(std::move(series));
      }
    }
    for (std::size_t i = 0; i < by_weight.size(); ++i) {
      PlotDef plot;
      plot.name = fmt::format("weight_error_mc_{}_{}", condition, names[i]);
      plot.title = fmt::format("{} error at the end of each sample, circuit - ideal SGDr, {} Monte Carlo dies at {}",
                               names[i], by_weight[i].size(), condition);
      plot.x_label = "time [s]";
      plot.y_label = "weight error (normalised)";
      fs::path file = fs::path("plots") / (plot.name + ".png");
      fs::create_directories(out_dir / "plots");
      if (render_plot(plot, by_weight[i], out_dir / file)) result.plots.push_back({plot.title, file.string()});
    }
  }
}

void draw_trainer_plots(const Testbench& testbench, RunResult& result, const fs::path& out_dir) {
  if (!testbench.trainer) return;
  for (const auto& o : result.outcomes) {
    if (o.job.sample >= 0 || !o.ok()) continue;
    TrainerCurves curves;
    try {
      curves = trainer_curves(*testbench.trainer, o.sim.vectors, o.job.parameters, o.job.condition.temperature_c);
    } catch (const std::exception&) {
      continue;
    }
    fs::create_directories(out_dir / "plots");
    PlotDef weights;
    weights.name = "weights_" + o.job.condition.id;
    weights.title = "Weights, circuit against ideal SGDr, at " + o.job.condition.id;
    weights.x_label = "time [s]";
    weights.y_label = "weight (normalised)";
    PlotDef errors = weights;
    errors.name = "weight_error_" + o.job.condition.id;
    errors.title = "Weight error at the end of each sample, circuit - ideal SGDr, at " + o.job.condition.id;
    errors.y_label = "weight error (normalised)";
    PlotDef loss = weights;
    loss.name = "loss_" + o.job.condition.id;
    loss.title = "Loss (MSE on the data set) at " + o.job.condition.id;
    loss.y_label = "MSE";
    loss.log_y = true;
    // The error beside the overlay: at 8 bits a weight's error is ~0.004 of its range, invisible
    // where both curves are drawn on one axis.
    const std::tuple<const PlotDef&, const std::vector<PlotSeries>&, bool> plots[] = {
        {weights, curves.weights, false}, {errors, curves.errors, true}, {loss, curves.loss, false}};
    bool drawn_previous = false;
    for (const auto& [plot, series, beside] : plots) {
      fs::path file = fs::path("plots") / (plot.name + ".png");
      const bool drawn = render_plot(plot, series, out_dir / file);
      if (drawn) result.plots.push_back({plot.title, file.string(), beside && drawn_previous});
      drawn_previous = drawn;
    }
  }
  draw_monte_carlo_weight_errors(testbench, result, out_dir);
}

void draw_histograms(const std::vector<SpecStatistics>& statistics, RunResult& result, const fs::path& out_dir) {
  for (const auto& s : statistics) {
    std::string name = s.spec.result + "_" + s.condition_id;
    std::replace(name.begin(), name.end(), '.', '_');
    fs::path file = fs::path("plots") / ("mc_" + name + ".png");
    fs::create_directories(out_dir / "plots");
    std::string title = fmt::format("{} over {} Monte Carlo samples at {}", s.spec.result, s.measured, s.condition_id);
    auto limit = [](const Limit& l) { return l.fail ? l.value : std::nullopt; };
    const std::string x_label = s.spec.unit.empty() ? s.spec.result : fmt::format("{} [{}]", s.spec.result, s.spec.unit);
    if (render_histogram(title, x_label, s.values, limit(s.spec.min), limit(s.spec.max), out_dir / file))
      result.histograms.emplace_back(title, file.string());
  }
}

}  // namespace

RunOutput run_testbench(const RunOptions& options, const Pdk& pdk, const fs::path& project_root, Simulator& simulator,
                        int workers) {
  auto start = std::chrono::steady_clock::now();
  const std::string started_utc = utc_now_iso8601();
  Testbench testbench = load_testbench(options.testbench, project_root);
  // --idealised-calibration: least squares on the servos' read currents (design exploration).
  if (options.idealised_calibration && testbench.calibration) {
    testbench.calibration->algorithm = CalibrationAlgorithm::least_squares;
    testbench.calibration->decision_time.reset();
    for (auto& trim : testbench.calibration->trims) trim.ruler = false;
  }
  fs::path corner_path = options.corners ? *options.corners : testbench.default_corners;
  if (corner_path.empty()) corner_path = project_root / "corners" / "quick.yaml";
  CornerSet corners = load_corner_set(corner_path);
  ModelLibrary library = options.library_given || !corners.library ? options.library : *corners.library;
  if (corners.monte_carlo && corners.monte_carlo->autostop && !judges_samples(testbench))
    throw ConfigError(fmt::format("{}: monte_carlo.autostop: no spec of testbench {} judges Monte Carlo samples (a min "
                                  "or max that fails, on a per-sample result): there is no yield to stop on",
                                  corner_path.string(), testbench.name));

  std::vector<Job> jobs = plan_jobs(testbench, corners, options.seed);
  const std::size_t plan_size = jobs.size();
  if (options.shard_count > 1) {
    // Shard k of N: every N-th job, so each shard gets a mix of corners and samples. Results
    // merge by job id and input hash (merge_results), giving the same report as one machine.
    std::vector<Job> shard;
    for (std::size_t i = static_cast<std::size_t>(options.shard_index); i < jobs.size();
         i += static_cast<std::size_t>(options.shard_count))
      shard.push_back(jobs[i]);
    jobs = shard;
  }
  const std::set<std::string> only(options.only_jobs.begin(), options.only_jobs.end());
  for (const auto& id : only)
    if (std::none_of(jobs.begin(), jobs.end(), [&](const Job& j) { return j.id == id; }))
      throw ConfigError(fmt::format("no job '{}' in this plan", id));

  RunOutput output;
  output.out_dir = options.out_dir ? *options.out_dir : project_root / "results" / (testbench.name + "-" + corners.name);
  fs::create_directories(output.out_dir);
  // Held until the reports are written: a second run into this folder stops here with the holder's pid.
  FolderLock lock(output.out_dir);
  ResultStore store(output.out_dir / "results.sqlite");
  // --only re-simulates the selected jobs whatever is stored for them and keeps every other
  // job's result, so --fresh with --only forgets only the selected ones.
  if (options.fresh && only.empty()) store.clear();
  for (const auto& id : only) store.remove(id);

  // Behavioural views: each .va compiled once (cached by content), loaded by every worker.
  std::vector<std::string> osdi_libraries;
  for (const auto& cell : testbench.cells)
    if (!cell.verilog_a.empty())
      osdi_libraries.push_back(compile_verilog_a(cell.verilog_a, project_root / "results" / ".cache" / "osdi").string());

  // One netlist per (process corner, mismatch): workers reuse it across temperatures, supplies
  // and Monte Carlo samples.
  std::map<std::tuple<std::string, bool, ModelLibrary>, std::string> netlists;
  std::vector<SimRequest> requests;
  std::vector<std::string> hashes;
  std::vector<std::string> job_libraries;
  std::vector<HashedFile> decks;
  std::map<std::string, double> vth_coefficients;  // read from the PDK once, when a job needs them
  for (const auto& job : jobs) {
    ModelLibrary job_library = job.condition.library.value_or(library);
    job_libraries.push_back(to_string(job_library));
    auto& netlist = netlists[{job.condition.process, job.condition.mismatch, job_library}];
    if (netlist.empty()) {
      netlist = render_netlist(testbench, pdk, job_library, job.condition.process, job.condition.mismatch);
      // The deck as simulated, for the designer (parameters are .param defaults; each job alters them).
      fs::create_directories(output.out_dir / "netlists");
      const fs::path deck = fs::path("netlists") / fmt::format("{}_{}{}.spice", to_string(job_library),
                                                               job.condition.process,
                                                               job.condition.mismatch ? "_mismatch" : "");
      write_text_file(output.out_dir / deck, netlist);
      decks.push_back({deck.string(), sha256_text(netlist)});
    }
    SimRequest request;
    request.job_id = job.id;
    request.netlist = netlist;
    request.parameters = job.parameters;
    request.temperature_c = job.condition.temperature_c;
    request.seed = job.seed;
    request.vectors = testbench.vectors_wanted();
    request.timeout_s = testbench.timeout_s;
    request.osdi_libraries = osdi_libraries;
    request.operating_point = testbench.operating_point && job.sample < 0;
    request.cold_dc_solves = options.cold_dc_solves;
    if (testbench.mismatch_sensitivity && job.sample < 0) {
      if (vth_coefficients.empty()) vth_coefficients = vth_mismatch_coefficients(pdk);
      if (testbench.mismatch_sensitivity->learning)
        request.learning_sensitivity = learning_sensitivity_request(*testbench.mismatch_sensitivity->learning,
                                                                    *testbench.trainer, job.parameters, vth_coefficients);
      else
        request.mismatch_sensitivity = {testbench.mismatch_sensitivity->outputs, vth_coefficients};
    }
    if (const auto& calibration = testbench.calibration) {
      for (const auto& trim : calibration->trims) {
        request.calibration.trims.emplace_back(trim.source, trim.servo);
        if (trim.full_scale) request.calibration.trim_full_scales[trim.source] = trim.full_scale->resolve(job.parameters);
        if (trim.bits) request.calibration.trim_bits[trim.source] = *trim.bits;
        if (trim.target) request.calibration.servo_targets[trim.servo] = trim.target->resolve(job.parameters);
        if (!trim.points.empty()) request.calibration.trim_points[trim.source] = trim.points;
        if (trim.ruler) request.calibration.rulers[trim.servo] = trim.source;
      }
      for (const auto& reg : testbench.code_registers)
        if (std::any_of(calibration->trims.begin(), calibration->trims.end(),
                        [&](const CalibrationTrim& trim) { return trim.code_register && trim.source == reg.name; }))
          request.calibration.registers[reg.name] = reg.logic_high.resolve(job.parameters);
      request.calibration.full_scale = calibration->full_scale.resolve(job.parameters);
      request.calibration.bits = calibration->bits;
      request.calibration.points = calibration->points;
      if (calibration->servo_limit) request.calibration.servo_limit = calibration->servo_limit->resolve(job.parameters);
    }
    if (const auto& learned = testbench.learned_weights_calibration) {
      // Times of this job (T_s and the start may be parameters): the detectors integrate after
      // settle_samples of the data.
      const TrainerSetup setup = testbench.trainer->at(job.parameters);
      auto& r = request.learned_weights_calibration;
      r.mode = learned->mode;
      r.weights = learned->weights;
      std::tie(r.read_from, r.read_to) = weight_read_window(setup);
      r.average_from = setup.start_time + learned->settle_samples * setup.sample_time;
      r.average_to = r.average_from + learned->average_samples * setup.sample_time;
      r.step = setup.sample_time / 50;  // as the deck's own transient (trainer_netlist_lines)
      r.max_step = setup.sample_time / 20;
    }
    hashes.push_back(request_hash(request));
    requests.push_back(std::move(request));
  }

  // --only: the selected jobs run; the others appear only with a result stored for their
  // current inputs (the report covers those, and counts the rest as not run).
  int not_run = 0;
  if (!only.empty()) {
    std::size_t kept = 0;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      if (!only.count(jobs[i].id) && !store.find(jobs[i].id, hashes[i])) {
        ++not_run;
        continue;
      }
      if (kept != i) {  // (a self-move would empty the job)
        jobs[kept] = std::move(jobs[i]);
        requests[kept] = std::move(requests[i]);
        hashes[kept] = std::move(hashes[i]);
        job_libraries[kept] = std::move(job_libraries[i]);
      }
      ++kept;
    }
    for (auto* list : {&hashes, &job_libraries}) list->resize(kept);
    jobs.resize(kept);
    requests.resize(kept);
  }

  RunResult& result = output.result;
  result.not_run = not_run;
  result.shard_index = options.shard_index;
  result.shard_count = options.shard_count;
  result.plan_jobs = plan_size;
  result.testbench = testbench.name;
  result.testbench_description = testbench.description;
  if (const auto& calibration = testbench.calibration)
    result.calibration = calibration->algorithm == CalibrationAlgorithm::successive_approximation
                             ? "successive approximation: each servo's current measured from its detector's decisions "
                               "(the sign of the current: an ideal comparator) by a search on its ruler trim, the trims "
                               "solved from those codes; trim DACs ideal (calibration.decisions, calibration.chip_time)"
                             : "least squares from the servos' currents: idealised (no chip can read a servo's current); "
                               "trim DACs ideal";
  result.corner_set = fmt::format("{} ({})", corners.name, relative_to(corner_path, project_root));
  result.library = fmt::format("{} ({})", to_string(library), pdk.library_dir(library).string());
  result.pdk = pdk.dir().string();
  result.seed = options.seed;
  result.workers = workers;
  // --library only when it was given: a corner file's own libraries (per Monte Carlo set) apply otherwise,
  // and a re-run naming the default would read as if those jobs had run on it.
  result.rerun_command = fmt::format("logsgd run {} --corners {}{} --seed {} --out {}{}",
                                     relative_to(testbench.yaml_path.parent_path(), project_root),
                                     relative_to(corner_path, project_root),
                                     options.library_given ? " --library " + to_string(library) : "", options.seed,
                                     relative_to(output.out_dir, project_root),
                                     options.idealised_calibration ? " --idealised-calibration" : "");
  result.outcomes.resize(jobs.size());

  Provenance& provenance = result.provenance;
  provenance.started_utc = started_utc;
  provenance.kit_version = kit_version();
  provenance.ngspice_version = simulator.version();
  provenance.pdk = pdk.dir().string();
  provenance.decks = decks;
  std::set<std::string> model_files;
  for (const auto& [key, netlist] : netlists)
    for (const auto& file : included_files(netlist))
      if (model_files.insert(file).second) provenance.model_files.push_back({file, sha256_file(file)});
  provenance.host = host_name();
  provenance.workers = workers;
  provenance.command_line = options.command_line;
  result.device_factors = load_device_factors(project_root / "cells" / "device_factors.yaml");
  result.mismatch_sensitivity = testbench.mismatch_sensitivity;
  result.dut_inventory = testbench.dut_inventory;

  // Resume: what the store holds for exactly these inputs is not simulated again. A stored
  // failure is a result too (the same inputs fail the same way), unless asked to retry it.
  std::vector<std::size_t> missing;  // jobs without a stored result, in plan order
  std::vector<bool> from_store(jobs.size(), false);
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    auto stored = store.find(jobs[i].id, hashes[i]);
    if (stored && options.retry_failed && !stored->ok) stored.reset();
    if (stored) {
      result.outcomes[i] = measure_job(testbench, jobs[i], std::move(*stored));
      result.outcomes[i].library = job_libraries[i];
      from_store[i] = true;
    } else {
      missing.push_back(i);
    }
  }

  // Auto-stop: each Monte Carlo condition's samples are simulated in rounds of `workers` samples
  // and judged in index order after each round; a condition stops at the first n whose yield
  // bounds decide, and the report covers its samples 0 .. n-1 (those a round simulated past n
  // stay stored, unreported). A shard cannot judge samples it does not hold: it simulates all of
  // its own, and the merged run applies the rule. With --only the selected jobs just run.
  std::vector<StopGroup> groups;
  std::vector<int> group_of(jobs.size(), -1);
  const AutoStop* rule = corners.monte_carlo && corners.monte_carlo->autostop ? &*corners.monte_carlo->autostop : nullptr;
  if (rule && !result.partial() && only.empty()) {
    const int max_samples = corners.monte_carlo->samples;
    std::map<std::string, int> index;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      if (jobs[i].sample < 0) continue;
      auto [it, fresh] = index.emplace(jobs[i].base_condition, static_cast<int>(groups.size()));
      if (fresh) {
        groups.emplace_back();
        groups.back().result.condition_id = jobs[i].base_condition;
        groups.back().result.rule = *rule;
        groups.back().result.max_samples = max_samples;
        groups.back().sample_jobs.resize(static_cast<std::size_t>(max_samples));
        groups.back().horizon = std::min(std::max(1, workers), max_samples);
      }
      group_of[i] = it->second;
      groups[static_cast<std::size_t>(it->second)].sample_jobs[static_cast<std::size_t>(jobs[i].sample)].push_back(i);
    }
  }
  auto in_round = [&](std::size_t i) {
    return group_of[i] < 0 || jobs[i].sample < groups[static_cast<std::size_t>(group_of[i])].horizon;
  };

  // Each round simulates the missing jobs it opens: at first every missing job but the auto-stopped
  // samples past the first round's; then each undecided condition's next samples.
  std::vector<std::size_t> round;
  for (std::size_t i : missing)
    if (in_round(i)) round.push_back(i);
  Progress progress(round.size(), options.progress, round.size() == 1 ? jobs[round.front()].id : "");
  int interrupted = 0;
  for (bool first = true;; first = false) {
    std::vector<SimRequest> pending;
    std::vector<std::size_t> pending_index;
    for (std::size_t i : round)
      if (result.outcomes[i].job.id.empty()) {
        pending.push_back(requests[i]);
        pending_index.push_back(i);
      }
    if (!first) progress.add_jobs(pending.size());
    if (!pending.empty())
      simulator.run(pending, [&](std::size_t k, SimResult sim) {
        const std::size_t i = pending_index[k];
        if (sim.interrupted) {
          ++interrupted;
          return;
        }
        store.save(jobs[i].id, hashes[i], sim);
        result.outcomes[i] = measure_job(testbench, jobs[i], std::move(sim));
        result.outcomes[i].library = job_libraries[i];
        progress.job_done(jobs[i].id, result.outcomes[i].ok());
      });
    const bool complete = std::all_of(pending_index.begin(), pending_index.end(),
                                      [&](std::size_t i) { return !result.outcomes[i].job.id.empty(); });
    if (interrupted > 0 || !complete) {
      progress.finish();
      const auto finished = std::count_if(result.outcomes.begin(), result.outcomes.end(), [](const auto& o) { return !o.job.id.empty(); });
      throw RunInterrupted(fmt::format("interrupted: {} of {} jobs are stored in {}; run the same command again to resume",
                                       finished, jobs.size(), (output.out_dir / "results.sqlite").string()));
    }
    bool more = false;
    round.clear();
    for (auto& group : groups) {
      if (group.done) continue;
      AutoStopDecision& decision = group.result.decision;
      while (decision.samples < group.horizon) {  // the samples judged so far decided nothing
        std::vector<const JobOutcome*> sample;
        for (std::size_t i : group.sample_jobs[static_cast<std::size_t>(decision.samples)]) sample.push_back(&result.outcomes[i]);
        decision.passed += sample_passes(testbench, sample);
        ++decision.samples;
        decision.verdict = autostop_verdict(decision.passed, decision.samples, *rule);
        if (decision.verdict != AutoStopVerdict::undecided) break;
      }
      const Interval bounds = one_sided_bounds(decision.passed, decision.samples, rule->confidence);
      decision.low = bounds.low;
      decision.high = bounds.high;
      if (decision.verdict != AutoStopVerdict::undecided || group.horizon == group.result.max_samples) {
        group.done = true;
        continue;
      }
      const int opened = group.horizon;
      group.horizon = std::min(group.horizon + std::max(1, workers), group.result.max_samples);
      // Samples already stored (a resumed run) are judged without waiting for a round of their own.
      while (group.horizon < group.result.max_samples) {
        const auto& next = group.sample_jobs[static_cast<std::size_t>(group.horizon)];
        if (!std::all_of(next.begin(), next.end(), [&](std::size_t i) { return !result.outcomes[i].job.id.empty(); })) break;
        ++group.horizon;
      }
      for (int sample = opened; sample < group.horizon; ++sample)
        for (std::size_t i : group.sample_jobs[static_cast<std::size_t>(sample)]) round.push_back(i);
      more = true;
    }
    if (!more) break;
  }
  progress.finish();

  // The report covers each stopped condition's samples 0 .. n-1 and every other job.
  if (!groups.empty()) {
    std::size_t kept = 0;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      if (group_of[i] >= 0) {
        auto& group = groups[static_cast<std::size_t>(group_of[i])];
        if (jobs[i].sample >= group.result.decision.samples) {
          // Counted once per sample (its first job), not once per design-sweep value.
          if (!result.outcomes[i].job.id.empty() && group.sample_jobs[static_cast<std::size_t>(jobs[i].sample)].front() == i)
            ++group.result.beyond;
          continue;
        }
      }
      if (kept != i) {
        jobs[kept] = std::move(jobs[i]);
        result.outcomes[kept] = std::move(result.outcomes[i]);
        from_store[kept] = from_store[i];
      }
      ++kept;
    }
    jobs.resize(kept);
    result.outcomes.resize(kept);
    from_store.resize(kept);
    for (const auto& group : groups) result.autostop.push_back(group.result);
  }
  result.resumed = static_cast<int>(std::count(from_store.begin(), from_store.end(), true));
  for (const auto& o : result.outcomes) ++provenance.libraries[o.library];

  result.checks = check_specs(testbench, result.outcomes);
  // A shard holds some of each condition's samples: what is computed across them waits for the merge.
  if (!result.partial()) check_aggregates(testbench, result);
  auto statistics = monte_carlo_statistics(result);
  draw_plots(testbench, result, output.out_dir);
  draw_trainer_plots(testbench, result, output.out_dir);
  draw_histograms(statistics, result, output.out_dir);
  draw_pelgrom_plots(testbench, result, output.out_dir);
  result.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  ReportDocument document = build_report(result, statistics);
  try {
    write_markdown(document, output.out_dir / "report.md");
    write_html(document, output.out_dir / "report.html", output.out_dir);
    write_json_results(result, output.out_dir / "results.json");
    write_junit(result, output.out_dir / "junit.xml");
    write_kept_vectors(result, output.out_dir / "vectors");
  } catch (const std::exception&) {
    // No verdict may outlive a failed write: a report.md saying PASS beside a missing junit.xml
    // would be read as a pass. The stored results stay; running again rewrites the reports.
    for (const char* file : {"report.md", "report.html", "results.json", "junit.xml"}) {
      std::error_code ignored;
      fs::remove(output.out_dir / file, ignored);
    }
    throw;
  }
  return output;
}

}  // namespace logsgd
