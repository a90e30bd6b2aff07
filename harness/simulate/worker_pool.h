// Persistent simulation workers (one libngspice each, separate processes via Boost.Process):
// libngspice cannot host two circuits in one process at once. A worker loads a deck once and
// runs many jobs on it. A crashed or hung worker is killed, replaced, and its job recorded as
// failed with the reason; the run goes on.
#pragma once
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "simulator.h"

namespace logsgd {

struct WorkerPoolOptions {
  std::string worker_path;    // the logsgd-worker executable
  std::string init_file;      // ngspice commands each worker runs at start (the PDK spinit)
  int workers = 1;
  double hang_grace_s = 10;   // beyond a job's own timeout before the worker is killed as hung
  const std::atomic<bool>* cancel = nullptr;  // set (e.g. by Ctrl-C): stop, kill running jobs
};

// Where logsgd-worker is: $LOGSGD_WORKER, else beside the running program, else the build tree.
std::string default_worker_path();

class WorkerPool : public Simulator {
 public:
  explicit WorkerPool(WorkerPoolOptions options);
  ~WorkerPool() override;

  void run(const std::vector<SimRequest>& requests, const ResultCallback& on_result) override;
  // The workers' libngspice as it reports itself (`logsgd-worker --version`, asked once).
  std::string version() override;

  // Process ids of the workers running a job right now (tests kill one to check recovery).
  std::vector<int> worker_pids() const;
  int workers_started() const { return workers_started_; }

 private:
  struct Worker;
  std::unique_ptr<Worker> start_worker();
  SimResult run_on(std::unique_ptr<Worker>& worker, const SimRequest& request);
  bool cancelled() const { return options_.cancel && options_.cancel->load(); }

  WorkerPoolOptions options_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Worker>> slots_;  // idle workers kept between jobs and runs
  std::vector<int> running_pids_;
  std::atomic<int> workers_started_{0};
  std::string version_;
};

}  // namespace logsgd
