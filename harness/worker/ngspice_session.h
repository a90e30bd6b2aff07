// One libngspice instance in this process (libngspice holds global state: one per process).
// Loads a deck once and re-runs it with new parameters, temperature and seed via
// alterparam + reset, so the PDK models are not parsed again for each job.
#pragma once
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "learning_sensitivity.h"
#include "sim_job.h"

namespace logsgd {

class NgspiceSession {
 public:
  // `init_file`: ngspice commands run after start-up (the PDK's spinit); may be empty.
  explicit NgspiceSession(const std::string& init_file);
  NgspiceSession(const NgspiceSession&) = delete;
  NgspiceSession& operator=(const NgspiceSession&) = delete;

  SimResult run(const SimRequest& request);

  // The library's own identification from `version -s`, e.g. "ngspice-46 : Circuit level
  // simulation program"; "" when it printed none.
  std::string version();

  // ngspice called ControlledExit: the instance cannot be used again; the worker must exit.
  bool dead() const { return dead_; }

 private:
  static int on_output(char* text, int id, void* self);
  static int on_exit(int status, bool immediate, bool quit, int id, void* self);
  static int on_background(bool not_running, int id, void* self);

  void command(const std::string& text);
  bool load(const std::string& netlist);
  std::string register_osdi(const std::vector<std::string>& libraries);  // "" or the error
  bool run_with_timeout(double timeout_s, std::string& error);
  void save_only(const std::vector<std::string>& vectors);
  std::string first_error() const;
  void collect_vectors(const SimRequest& request, SimResult& result, std::string& error);
  // Runs `op` and reads every MOSFET's bias from ngspice's expanded listing and @device[param].
  std::string solve_dc_point();
  void collect_operating_point(SimResult& result, std::string& error);
  std::vector<DeviceOperatingPoint> mosfet_instances();  // names, models, W and L from the listing
  std::vector<double> dc_values(const std::vector<std::string>& outputs, const char* purpose, std::string& error);
  void set_source_dc(const std::string& source, double value);
  void calibrate(const CalibrationRequest& calibration, SimResult& result, std::string& error);
  std::vector<double> servo_currents(const CalibrationRequest& calibration, const std::vector<std::string>& servos,
                                     std::string& error);
  std::vector<double> servo_currents_in_state(const std::map<std::string, double>& sources,
                                              const std::vector<std::string>& servos, double servo_limit,
                                              std::string& error);
  std::optional<std::string> solve_dc_by_continuation(const std::map<std::string, double>& sources,
                                                      const std::map<std::string, double>& deck_values);
  void collect_mismatch_sensitivity(const SimRequest& request, SimResult& result, std::string& error);
  void collect_learning_sensitivity(const SimRequest& request, SimResult& result, std::string& error);
  std::vector<MismatchDevice> mismatch_devices(const std::map<std::string, double>& vth_sigma_um);
  void shift_threshold(const std::string& device, double delta);  // from its nominal delvto
  friend class NgspiceDcCircuit;

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
  std::vector<std::map<std::string, double>> held_states_;  // calibration states whose servos held (this job)
};

}  // namespace logsgd
