#include "ngspice_session.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <ngspice/sharedspice.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <cmath>
#include <regex>
#include <thread>

#include <unistd.h>

#include "calibrate.h"
#include "trim_register.h"
#include "deck_options.h"
#include "learning_sensitivity.h"
#include "spice_value.h"
#include "threshold_sweep.h"

namespace logsgd {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kListingLinesKept = 1000000;  // `listing e` of a large circuit

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// What ngspice prints when an analysis or the parse failed; its return codes stay 0 for these.
bool is_error_line(const std::string& line) {
  std::string text = lower(line);
  static const char* markers[] = {"error",          "timestep too small", "singular matrix", "aborted",
                                  "not parsed",     "no convergence",     "cannot recover",  "fatal",
                                  "gmin stepping failed", "could not find", "unknown", "undefined"};
  if (text.find("warning") != std::string::npos) return false;
  for (const char* marker : markers)
    if (text.find(marker) != std::string::npos) return true;
  return false;
}

// ngspice's own vector names: i(vdd) is vdd#branch, v(out) is out.
std::string ngspice_vector_name(const std::string& requested) {
  std::string name = lower(requested);
  if (name.size() > 3 && name.back() == ')') {
    if (name.rfind("i(", 0) == 0) return name.substr(2, name.size() - 3) + "#branch";
    if (name.rfind("v(", 0) == 0) return name.substr(2, name.size() - 3);
  }
  return name;
}

std::vector<std::string> c_string_list(char** list) {
  std::vector<std::string> result;
  for (char** p = list; p && *p; ++p) result.emplace_back(*p);
  return result;
}

}  // namespace

NgspiceSession::NgspiceSession(const std::string& init_file) {
  ngSpice_Init(&NgspiceSession::on_output, nullptr, &NgspiceSession::on_exit, nullptr, nullptr,
               &NgspiceSession::on_background, this);
  if (!init_file.empty()) {
    std::ifstream in(init_file);
    static const std::regex behaviour(R"(^\s*set\s+ngbehavior\s*=\s*(\S+)\s*$)", std::regex::icase);
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '*') continue;
      command(line);
      std::smatch match;
      if (std::regex_match(line, match, behaviour)) ngbehavior_ = lower(match[1].str());
    }
  }
  // OpenMP device evaluation made small transients 9-19x slower when workers share the cores.
  command("set num_threads=1");
}

NgspiceSession::~NgspiceSession() {
  if (!compat_script_.empty()) {
    std::error_code ignored;
    std::filesystem::remove(compat_script_, ignored);
  }
}

// In HSPICE compatibility mode (the sky130 spinit's `ngbehavior=hsa`) ngspice solves every point
// of a DC sweep from scratch, like `op`; warm solves need the mode off. ngspice reads the mode
// when it reads a file (set_compat_mode in inp_readall), so the variable is set and a command file
// that does nothing is read. The mode also governs how a netlist is parsed (W per finger, models
// kept) and how a B source's `**` treats a negative base, so it is off only between a loaded,
// reset circuit's warm solves; `reset` and loads run in the PDK's mode. "" or the error.
std::string NgspiceSession::set_compat_mode(bool hspice) {
  if (ngbehavior_.find("hs") == std::string::npos) return "";
  if (compat_script_.empty()) {
    auto path = std::filesystem::temp_directory_path() / fmt::format("logsgd-worker-{}.ngscript", getpid());
    std::ofstream out(path);
    out << "*ng_script\n* read by the logsgd worker to make ngspice re-read ngbehavior\n";
    out.close();
    if (!out) return fmt::format("cannot write {} (ngspice's compatibility mode for warm DC solves)", path.string());
    if (path.string().find_first_of(" \t\n\r\"'") != std::string::npos)
      return fmt::format("the temporary directory's path holds white space or quotes: {}", path.string());
    compat_script_ = path.string();
  }
  std::string without_hs = ngbehavior_;
  without_hs.erase(without_hs.find("hs"), 2);
  if (hspice) command("set ngbehavior=" + ngbehavior_);
  else command(without_hs.empty() ? std::string("unset ngbehavior") : "set ngbehavior=" + without_hs);
  command("source " + compat_script_);
  hspice_mode_ = hspice;
  return "";
}

int NgspiceSession::on_output(char* text, int, void* self) {
  auto* session = static_cast<NgspiceSession*>(self);
  std::lock_guard lock(session->mutex_);
  session->log_.emplace_back(text);
  if (session->log_.size() > session->log_limit_) session->log_.pop_front();
  return 0;
}

int NgspiceSession::on_exit(int status, bool, bool, int, void* self) {
  auto* session = static_cast<NgspiceSession*>(self);
  std::lock_guard lock(session->mutex_);
  session->dead_ = true;
  session->log_.push_back(fmt::format("stderr ngspice requested exit with status {}", status));
  return 0;
}

int NgspiceSession::on_background(bool not_running, int, void* self) {
  auto* session = static_cast<NgspiceSession*>(self);
  {
    std::lock_guard lock(session->mutex_);
    session->background_running_ = !not_running;
  }
  session->background_done_.notify_all();
  return 0;
}

std::string NgspiceSession::version() {
  {
    std::lock_guard lock(mutex_);
    log_.clear();
  }
  command("version -s");
  std::lock_guard lock(mutex_);
  for (std::string line : log_) {
    // Output lines arrive as "stdout ** ngspice-46 : ...": keep the text after the stars.
    if (line.find("ngspice-") == std::string::npos) continue;
    line.erase(0, line.find("ngspice-"));
    while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.pop_back();
    return line;
  }
  return "";
}

void NgspiceSession::command(const std::string& text) {
  std::string copy = text;
  ngSpice_Command(copy.data());
}

std::string NgspiceSession::first_error() const {
  // The first few distinct error lines: ngspice spreads one problem over several lines.
  std::vector<std::string> lines;
  for (const auto& line : log_) {
    if (!is_error_line(line)) continue;
    std::string text = line.rfind("stderr ", 0) == 0 ? line.substr(7) : line;
    if (std::find(lines.begin(), lines.end(), text) == lines.end()) lines.push_back(text);
    if (lines.size() == 3) break;
  }
  std::string joined;
  for (const auto& text : lines) joined += (joined.empty() ? "" : " | ") + text;
  return joined;
}

std::string NgspiceSession::register_osdi(const std::vector<std::string>& libraries) {
  for (const auto& library : libraries) {
    if (osdi_loaded_.count(library)) continue;
    if (library.find_first_of(" \t\n\r\"'") != std::string::npos)
      return fmt::format("OSDI library path holds white space or quotes: {}", library);
    // The shared library has `osdi` (load now) but not `pre_osdi` (a command for spinit files).
    command("osdi " + library);
    if (!first_error().empty()) return "osdi failed: " + first_error();
    osdi_loaded_.insert(library);
  }
  return "";
}

bool NgspiceSession::load(const std::string& netlist) {
  leave_dc_mode();
  if (circuit_loaded_) command("remcirc");
  loaded_netlist_.clear();
  log_.clear();
  std::vector<std::string> lines;
  std::istringstream in(netlist);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  // The warm solves' sweep source (see solve()), on a node of its own; after the title line.
  lines.insert(lines.begin() + (lines.empty() ? 0 : 1), fmt::format("{} {} 0 0", kWarmSource, kWarmNode));
  std::vector<char*> pointers;
  for (auto& line : lines) pointers.push_back(line.data());
  pointers.push_back(nullptr);
  ngSpice_Circ(pointers.data());
  circuit_loaded_ = true;
  if (dead_ || !first_error().empty()) return false;
  loaded_netlist_ = netlist;
  const auto options = deck_options(netlist);
  deck_reltol_ = options.count("reltol") ? options.at("reltol") : kNgspiceReltol;
  deck_abstol_ = options.count("abstol") ? options.at("abstol") : kNgspiceAbstol;
  return true;
}

// Keeps only the vectors a job asks for: a transistor-level transient otherwise stores every node
// and branch at every time point (hundreds of MB for the trainer). Names other than v(node),
// v(instance.node), i(source) and device parameters (@device[param]) (plot-qualified,
// differential) keep the default: save all.
// Must follow `reset`, which is where ngspice forgets an earlier save list.
void NgspiceSession::save_only(const std::vector<std::string>& vectors) {
  std::vector<std::string> saved;
  for (const auto& requested : vectors) {
    std::string name = lower(requested);
    if (name == "time" || name == "sweep" || name == "frequency") continue;
    if (!is_plain_vector_name(name) && !is_device_parameter_vector(name)) return;
    saved.push_back(name);
  }
  command("delete all");
  if (!saved.empty()) command("save " + fmt::format("{}", fmt::join(saved, " ")));
}

bool NgspiceSession::run_with_timeout(double timeout_s, std::string& error, const std::string& analysis) {
  {
    std::lock_guard lock(mutex_);
    background_running_ = true;
  }
  command("bg_" + analysis);
  auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeout_s));
  std::unique_lock lock(mutex_);
  while (true) {
    // The callback wakes us at once; the poll of ngSpice_running() is the fallback.
    background_done_.wait_for(lock, std::chrono::milliseconds(20), [&] { return !background_running_; });
    if (!background_running_ && !ngSpice_running()) return true;
    if (Clock::now() > deadline) {
      lock.unlock();
      command("bg_halt");
      while (ngSpice_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      error = fmt::format("timeout: simulation halted after {:.1f} s", timeout_s);
      return false;
    }
  }
}

void NgspiceSession::collect_vectors(const SimRequest& request, SimResult& result, std::string& error) {
  std::vector<std::string> plots;
  for (const auto& plot : c_string_list(ngSpice_AllPlots()))
    if (plot != "const") plots.push_back(plot);
  for (const auto& requested : request.vectors) {
    // "dc.v(out)" restricts the search to plots of that analysis
    auto [wanted_plot, vector] = split_plot_qualifier(lower(requested));
    std::string wanted = ngspice_vector_name(vector);
    bool found = false;
    for (const auto& plot : plots) {
      if (!wanted_plot.empty() && plot.rfind(wanted_plot, 0) != 0) continue;
      auto names = c_string_list(ngSpice_AllVecs(const_cast<char*>(plot.c_str())));
      std::string match;
      for (const auto& name : names) {
        std::string candidate = lower(name);
        bool is_scale = wanted == "sweep" && (candidate == "v-sweep" || candidate == "i-sweep" ||
                                              candidate == "temp-sweep" || candidate == "time" ||
                                              candidate == "frequency" || candidate == "res-sweep");
        if (candidate == wanted || is_scale) {
          match = name;
          break;
        }
      }
      if (match.empty()) continue;
      std::string full = plot + "." + match;
      pvector_info info = ngGet_Vec_Info(full.data());
      if (!info) continue;
      SimVector& out = result.vectors[requested];
      if (info->v_compdata) {
        for (int i = 0; i < info->v_length; ++i) {
          out.real.push_back(info->v_compdata[i].cx_real);
          out.imag.push_back(info->v_compdata[i].cx_imag);
        }
      } else if (info->v_realdata) {
        out.real.assign(info->v_realdata, info->v_realdata + info->v_length);
      }
      found = true;
      break;
    }
    if (!found && error.empty()) error = fmt::format("vector '{}' was not produced by the simulation", requested);
  }
}

double NgspiceSession::seconds_left() const {
  return std::max(1.0, std::chrono::duration<double>(job_deadline_ - Clock::now()).count());
}

std::string NgspiceSession::transient(const std::string& arguments, const std::vector<std::string>& vectors) {
  log_.clear();
  save_only(vectors);
  std::string error;
  if (run_with_timeout(seconds_left(), error, arguments.empty() ? "run" : "tran " + arguments) && error.empty())
    error = first_error();
  return error;
}

std::vector<double> NgspiceSession::transient_vector(const std::string& name, std::string& error) {
  std::string full = ngspice_vector_name(lower(name));
  pvector_info info = ngGet_Vec_Info(full.data());
  if (!info || !info->v_realdata) {
    error = fmt::format("vector '{}' was not produced by the transient", name);
    return {};
  }
  return {info->v_realdata, info->v_realdata + info->v_length};
}

void NgspiceSession::discard_results() { command("destroy all"); }

std::vector<DeviceOperatingPoint> NgspiceSession::mosfets() {
  log_.clear();
  log_limit_ = kListingLinesKept;
  command("listing e");
  log_limit_ = kLogLinesKept;  // back to a job's normal output
  // Lines like "394 : m.x1.x2.msky130_fd_pr__nfet_01v8 d g s b x1.x2:nshort_model l= 1 w= 4 ...".
  static const std::regex mosfet(R"(^stdout\s+\d+\s*:\s*(m\.\S+)\s+\S+\s+\S+\s+\S+\s+\S+\s+(\S+)(.*)$)");
  static const std::regex width(R"(\bw=\s*(\S+))"), length(R"(\bl=\s*(\S+))"), units(R"(\bm=\s*(\S+))");
  std::vector<std::string> listing(log_.begin(), log_.end());
  std::vector<DeviceOperatingPoint> devices;
  for (const auto& line : listing) {
    std::smatch match;
    if (!std::regex_match(line, match, mosfet)) continue;
    DeviceOperatingPoint device;
    device.name = match[1].str();
    device.model = match[2].str();
    std::string rest = match[3].str();
    std::smatch value;
    if (std::regex_search(rest, value, width)) device.w = std::strtod(value[1].str().c_str(), nullptr);
    if (std::regex_search(rest, value, length)) device.l = std::strtod(value[1].str().c_str(), nullptr);
    if (std::regex_search(rest, value, units)) device.m = std::strtod(value[1].str().c_str(), nullptr);
    if (!(device.m > 0)) device.m = 1;
    devices.push_back(device);
  }
  return devices;
}

static double instance_parameter(const std::string& device, const char* name) {
  std::string vector = fmt::format("@{}[{}]", device, name);
  pvector_info info = ngGet_Vec_Info(vector.data());
  return info && info->v_realdata && info->v_length > 0 ? info->v_realdata[info->v_length - 1] : NAN;
}

// A DC solve starts from the last one when there is one: ngspice's `op` always starts from scratch
// (junctions at their initial guesses, then gmin stepping: about 3 s on the N = 1 trainer), but
// the points of a DC sweep after the first start from the point before (a few Newton iterations).
// So the session runs one long sweep of its own 0 V source (kWarmSource, which nothing else
// touches), paused by a breakpoint after every point: each solve sets the sources, arms the
// breakpoint one point further and resumes. When Newton's method does not converge from the last
// point, the sweep itself falls back to the full operating-point procedure, as `op` would.
std::string NgspiceSession::solve() {
  log_.clear();
  ++dc_solves_;
  if (!calibrating_ || cold_dc_solves_) {
    command("op");
    return first_error();
  }
  if (std::string failed = enter_dc_mode(); !failed.empty()) return failed;
  if (warm_points_ == 0 || warm_points_ >= kWarmSweepPoints) {
    end_paused_sweep();
    command("stop after 1");
    command(fmt::format("dc {} 0 {} 1", kWarmSource, kWarmSweepPoints));
  } else {
    command("delete all");  // the breakpoint that paused the last point
    command(fmt::format("stop after {}", warm_points_ + 1));
    command("resume");
  }
  if (std::string failed = first_error(); !failed.empty()) {
    // Newton's method from the last solution diverged and the full procedure after it started from
    // where it ended (node voltages of 1e173 on the trainer's learning sensitivity, where `op` had
    // converged): every later solve would start there too. So the circuit is rebuilt, with a
    // zeroed solution, and this state solved as before warm solves: `op` at the deck's tolerances
    // (that state did not converge from scratch at the DC algorithms' reltol either).
    ++dc_rebuilds_;
    rebuild_circuit();
    log_.clear();
    command("op");
    return first_error();
  }
  // Paused at the next point, or the sweep ended (it should not) or failed without an error line.
  std::string scale = "v-sweep";
  pvector_info info = ngGet_Vec_Info(scale.data());
  const int points = info ? info->v_length : 0;
  if (points != warm_points_ + 1) {
    const int expected = warm_points_ + 1;
    end_paused_sweep();
    return fmt::format("DC solve: the sweep holding the last solution has {} points, not {}", points, expected);
  }
  warm_points_ = points;
  return "";
}

// Ends the paused sweep as ngspice ends any sweep (its plot closed, its source restored): a
// breakpoint left armed would pause the next analysis, and a plot destroyed under a paused sweep
// would be written to on resume. The sweep's source beyond its end stops it before another point.
void NgspiceSession::end_paused_sweep() {
  if (warm_points_ == 0) return;
  warm_points_ = 0;
  command("delete all");
  command(fmt::format("alter {} dc={}", kWarmSource, 2 * kWarmSweepPoints));
  command("resume");
}

// The circuit rebuilt from the deck with the job's seed (the same mismatch draw) and temperature;
// ngspice zeroes the solution when it next sets up.
void NgspiceSession::reset_circuit() {
  command(fmt::format("setseed {}", job_seed_));
  command("reset");
  command(fmt::format("option temp={}", format_spice_number(job_temperature_c_)));
}

// reset_circuit(), then the job's alters again.
void NgspiceSession::rebuild_circuit() {
  leave_dc_mode();
  reset_circuit();
  for (const auto& [target, alter] : alters_) command(alter);
}

// The DC algorithms' solves differ from the deck's analyses in two settings. Their tolerances:
// a calibration resolves servo currents to a fraction of a trim's LSB (0.12 pA on the trainer's
// storage nodes), where ngspice's defaults (abstol 1 pA, reltol 1e-3) left the mirror's trim
// 0.4 pA apart between two ways of solving the same die, and reltol 1e-4 five of the N = 1
// trainer's trims one LSB off (b 0.001 off). And ngspice's HSPICE mode off (set_compat_mode),
// for warm solves.
std::string NgspiceSession::enter_dc_mode() {
  if (dc_mode_) return "";
  command(fmt::format("option reltol={} abstol={}", format_spice_number(kDcReltol), format_spice_number(kDcAbstol)));
  dc_mode_ = true;
  if (std::string failed = set_compat_mode(false); !failed.empty()) return "warm DC solves: " + failed;
  return "";
}

// Back to the deck's own settings, for its analyses or the next job's `reset`.
void NgspiceSession::leave_dc_mode() {
  end_paused_sweep();
  if (!hspice_mode_) set_compat_mode(true);
  if (!dc_mode_) return;
  dc_mode_ = false;
  command(fmt::format("option reltol={} abstol={}", format_spice_number(deck_reltol_), format_spice_number(deck_abstol_)));
}

void NgspiceSession::collect_operating_point(SimResult& result, std::string& error) {
  if (std::string failed = solve(); !failed.empty()) {
    error = "operating point: " + failed;
    return;
  }
  for (auto device : mosfets()) {
    device.id = instance_parameter(device.name, "id");
    device.vgs = instance_parameter(device.name, "vgs");
    device.vds = instance_parameter(device.name, "vds");
    device.vth = instance_parameter(device.name, "vth");
    device.vdsat = instance_parameter(device.name, "vdsat");
    device.gm = instance_parameter(device.name, "gm");
    result.devices.push_back(device);
  }
}

// The outputs at the current DC point: the last value of each vector of the plot the latest `op`
// or `dc` sweep made.
std::vector<double> NgspiceSession::values(const std::vector<std::string>& outputs, std::string& error) {
  std::vector<double> values;
  for (const auto& output : outputs) {
    std::string name = ngspice_vector_name(output);
    pvector_info info = ngGet_Vec_Info(name.data());
    if (!info || !info->v_realdata || info->v_length < 1) {
      error = fmt::format("'{}' is not a DC operating-point value", output);
      return {};
    }
    values.push_back(info->v_realdata[info->v_length - 1]);
  }
  return values;
}

void NgspiceSession::shift_threshold(const std::string& device, double delta) {
  auto nominal = nominal_delvto_.find(device);
  if (nominal == nominal_delvto_.end()) {
    const double value = instance_parameter(device, "delvto");
    nominal = nominal_delvto_.emplace(device, std::isfinite(value) ? value : 0.0).first;
  }
  // A threshold enters the model's temperature-dependent set-up, which a resumed sweep does not
  // redo: the next solve starts a new one.
  end_paused_sweep();
  alter(device + "[delvto]", fmt::format("alter @{}[delvto]={:.9g}", device, nominal->second + delta));
}

void NgspiceSession::set_source(const std::string& source, double value) {
  alter(source, fmt::format("alter {} dc={:.9g}", source, value));
}

void NgspiceSession::alter(const std::string& target, const std::string& command_text) {
  command(command_text);
  alters_[target] = command_text;
}

double NgspiceSession::source(const std::string& source) { return instance_parameter(source, "dc"); }

std::string NgspiceSession::sweep(const std::string& source, double from, double to, int steps) {
  log_.clear();
  if (calibrating_ && !cold_dc_solves_) {
    if (std::string failed = enter_dc_mode(); !failed.empty()) return failed;
    end_paused_sweep();
  }
  command(fmt::format("dc {} {} {} {}", source, format_spice_number(from), format_spice_number(to),
                      format_spice_number((to - from) / steps)));
  return first_error();
}

SimResult NgspiceSession::run(const SimRequest& request) {
  SimResult result;
  result.job_id = request.job_id;
  log_.clear();
  nominal_delvto_.clear();  // each job draws (or resets) its own thresholds
  leave_dc_mode();  // a job starts from the deck's settings, as on a fresh worker
  cold_dc_solves_ = request.cold_dc_solves;
  dc_solves_ = dc_rebuilds_ = 0;
  job_deadline_ = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(request.timeout_s));
  command("destroy all");

  auto start = Clock::now();
  std::string error;
  error = register_osdi(request.osdi_libraries);
  if (error.empty()) {
    result.reused_deck = request.netlist == loaded_netlist_;
    if (!result.reused_deck) {
      if (!load(request.netlist)) error = "netlist not loaded: " + first_error();
      result.timing.load_s = seconds_since(start);
    }
  }

  if (error.empty() && !dead_) {
    start = Clock::now();
    // Every job sets its own seed, parameters and temperature, so its numbers do not depend on
    // what this worker ran before: the same job gives the same result on any worker.
    job_seed_ = request.seed;
    job_temperature_c_ = request.temperature_c;
    alters_.clear();
    for (const auto& [name, value] : request.parameters) {
      if (!is_safe_identifier(name)) {
        error = fmt::format("invalid parameter name '{}'", name);
        break;
      }
      command(fmt::format("alterparam {}={}", name, format_spice_number(value)));
    }
    reset_circuit();  // the seed set just before `reset`, which draws the mismatch
    if (error.empty() && request.calibration.enabled()) {
      calibrating_ = true;
      const auto calibration_start = Clock::now();
      TrimRegisters registers(*this, request.calibration);  // the trims that are on-chip DACs: set by their codes
      result.calibration_decisions = calibrate(registers, request.calibration, result.trims, error);
      result.timing.calibration_s = seconds_since(calibration_start);
      calibrating_ = false;
      if (error.empty()) {
        // The calibration's plots go, so that the analyses' vectors are the only ones collected.
        leave_dc_mode();
        command("destroy all");
        if (!first_error().empty()) error = "calibration: " + first_error();
      }
      if (error.empty() && request.learned_weights_calibration.enabled())
        calibrate_at_learned_weights(*this, request.learned_weights_calibration, request.calibration, result, error);
    }
    std::vector<std::string> saved = request.vectors;  // the sensitivity's DC outputs come from plots too
    saved.insert(saved.end(), request.mismatch_sensitivity.outputs.begin(), request.mismatch_sensitivity.outputs.end());
    for (const auto* names : {&request.learning_sensitivity.servos, &request.learning_sensitivity.readouts})
      saved.insert(saved.end(), names->begin(), names->end());
    if (request.learning_sensitivity.forward_readout()) saved.push_back(request.learning_sensitivity.probe_vector);
    save_only(saved);
    result.timing.setup_s = seconds_since(start);
    if (error.empty() && !first_error().empty()) error = "setup failed: " + first_error();
  }

  if (error.empty() && !dead_) {
    start = Clock::now();
    if (run_with_timeout(seconds_left(), error) && !first_error().empty()) error = first_error();
    // ngspice refuses to run when none of the saved vectors exists: name what was asked for.
    if (error.find("no data saved") != std::string::npos)
      error = fmt::format("vector '{}' was not produced by the simulation ({})", fmt::join(request.vectors, "', '"), error);
    result.timing.run_s = seconds_since(start);
  }
  if (error.empty() && !dead_) collect_vectors(request, result, error);
  if (error.empty() && !dead_ && request.operating_point) collect_operating_point(result, error);
  if (error.empty() && !dead_ && request.mismatch_sensitivity.enabled())
    threshold_sweep(*this, request.mismatch_sensitivity, result, error);
  if (error.empty() && !dead_ && request.learning_sensitivity.enabled()) {
    TrimRegisters registers(*this, request.calibration);
    learning_sensitivity(registers, request.learning_sensitivity, request.calibration, result, error);
  }
  if (dead_ && error.empty()) error = "ngspice stopped (ControlledExit): " + first_error();

  result.timing.dc_solves = dc_solves_;
  result.timing.dc_rebuilds = dc_rebuilds_;
  std::string tail;
  std::size_t first = log_.size() > 30 ? log_.size() - 30 : 0;
  for (std::size_t i = first; i < log_.size(); ++i) tail += log_[i] + "\n";
  result.log_tail = tail;
  result.error = error;
  result.ok = error.empty();
  result.worker_exits = dead_;
  if (!result.ok) result.vectors.clear();
  if (!result.ok) loaded_netlist_.clear();  // a failed deck is reloaded next time, from a clean state
  return result;
}

}  // namespace logsgd
