// One libngspice instance in this process (libngspice holds global state: one per process).
// Loads a deck once and re-runs it with new parameters, temperature and seed via
// alterparam + reset, so the PDK models are not parsed again for each job. It only hosts the
// simulator: the DC algorithms a job asks for (calibration, the sensitivities) live in analysis/
// and drive it through DcCircuit.
#pragma once
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "dc_circuit.h"
#include "learned_weights_calibration.h"
#include "sim_job.h"

namespace logsgd {

class NgspiceSession : public DcCircuit, public TransientCircuit {
 public:
  // `init_file`: ngspice commands run after start-up (the PDK's spinit); may be empty.
  explicit NgspiceSession(const std::string& init_file);
  ~NgspiceSession();
  NgspiceSession(const NgspiceSession&) = delete;
  NgspiceSession& operator=(const NgspiceSession&) = delete;

  SimResult run(const SimRequest& request);

  // The library's own identification from `version -s`, e.g. "ngspice-46 : Circuit level
  // simulation program"; "" when it printed none.
  std::string version();

  // ngspice called ControlledExit: the instance cannot be used again; the worker must exit.
  bool dead() const { return dead_; }

  // The circuit loaded now, as the analyses of a job drive it (run() hands them the session).
  void set_source(const std::string& source, double value) override;
  double source(const std::string& source) override;
  std::string solve() override;
  std::string sweep(const std::string& source, double from, double to, int steps) override;
  std::vector<double> values(const std::vector<std::string>& names, std::string& error) override;
  void shift_threshold(const std::string& device, double delta) override;  // from its nominal delvto
  std::vector<DeviceOperatingPoint> mosfets() override;  // names, models, W, L and m from the listing
  // The calibration at the learned weights drives whole transients (learned_weights_calibration.h).
  std::string transient(const std::string& arguments, const std::vector<std::string>& vectors) override;
  std::vector<double> transient_vector(const std::string& name, std::string& error) override;
  void discard_results() override;

 private:
  static int on_output(char* text, int id, void* self);
  static int on_exit(int status, bool immediate, bool quit, int id, void* self);
  static int on_background(bool not_running, int id, void* self);

  void command(const std::string& text);
  bool load(const std::string& netlist);
  std::string register_osdi(const std::vector<std::string>& libraries);  // "" or the error
  // Runs `analysis` (the deck's own with "run") in the background thread, halted after timeout_s.
  bool run_with_timeout(double timeout_s, std::string& error, const std::string& analysis = "run");
  void save_only(const std::vector<std::string>& vectors);
  std::string first_error() const;
  void reset_circuit();     // `reset` with the job's seed and temperature
  void rebuild_circuit();   // reset_circuit(), then the job's alters: a zeroed solution
  void alter(const std::string& target, const std::string& command_text);  // runs and remembers it
  void end_paused_sweep();  // ends the sweep that holds the last DC solution (solve())
  std::string enter_dc_mode();  // the DC algorithms' tolerances and compatibility mode: "" or the error
  void leave_dc_mode();         // the deck's own, for its analyses
  std::string set_compat_mode(bool hspice);  // ngspice's HSPICE mode on or off: "" or the error
  void collect_vectors(const SimRequest& request, SimResult& result, std::string& error);
  // Runs `op` and reads every MOSFET's bias from ngspice's expanded listing and @device[param].
  void collect_operating_point(SimResult& result, std::string& error);

  std::mutex mutex_;
  std::condition_variable background_done_;
  bool background_running_ = false;
  bool dead_ = false;
  std::deque<std::string> log_;  // this job's output lines
  static constexpr std::size_t kLogLinesKept = 400;  // a job's output: enough for its errors
  std::size_t log_limit_ = kLogLinesKept;  // raised while reading the expanded listing
  std::string loaded_netlist_;  // the deck in memory, reusable as is
  std::set<std::string> osdi_loaded_;  // device libraries registered with `osdi`
  bool circuit_loaded_ = false;  // something to remove before the next load
  std::map<std::string, double> nominal_delvto_;  // per device, before any shift (this deck)
  // Warm DC solves (solve()): the points of the paused sweep so far, 0 when none is paused.
  static constexpr const char* kWarmSource = "vlogsgd_warm";
  static constexpr const char* kWarmNode = "logsgd_warm";
  static constexpr int kWarmSweepPoints = 10000000;  // a new sweep starts when one runs out
  int warm_points_ = 0;
  // The DC algorithms' tolerances (enter_dc_mode) and the deck's, restored for its analyses.
  static constexpr double kDcReltol = 1e-6, kDcAbstol = 1e-15;
  static constexpr double kNgspiceReltol = 1e-3, kNgspiceAbstol = 1e-12;  // ngspice's defaults
  double deck_reltol_ = kNgspiceReltol, deck_abstol_ = kNgspiceAbstol;
  bool dc_mode_ = false;
  // The power-up calibration's solves are warm and at the DC tolerances; the sensitivities' and
  // the operating point's, and the calibration's with cold_dc_solves, are ngspice's `op` at the
  // deck's (from scratch, `op` at the DC tolerances did not converge in some of the trainer's
  // states; the sensitivities' solves jump between distant states, where a warm start diverged).
  bool calibrating_ = false;
  int dc_solves_ = 0, dc_rebuilds_ = 0;  // this job's DC solves (SimTiming)
  // What the job's `reset` used and the alters since, by what they set (rebuild_circuit()).
  unsigned long job_seed_ = 1;
  double job_temperature_c_ = 27;
  std::map<std::string, std::string> alters_;
  bool cold_dc_solves_ = false;  // this job's SimRequest::cold_dc_solves
  // When this job's SimRequest::timeout_s runs out (from the job's start): every transient of the
  // job gets what is left of it, so that a job of several (a trainer's two passes) ends with its
  // own error before the pool's watchdog kills the worker.
  std::chrono::steady_clock::time_point job_deadline_;
  double seconds_left() const;
  std::string ngbehavior_;       // the init file's ngspice compatibility mode (sky130: "hsa")
  bool hspice_mode_ = true;      // whether that mode is in force (off between warm solves)
  std::string compat_script_;    // the do-nothing command file that makes ngspice re-read it
};

}  // namespace logsgd
