#include "worker_pool.h"

#include <fmt/format.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/process.hpp>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "sim_protocol.h"

namespace logsgd {

namespace bp = boost::process;

struct WorkerPool::Worker {
  bp::pipe to_child;
  bp::pipe from_child;
  bp::child process;
};

std::string default_worker_path() {
  if (const char* path = std::getenv("LOGSGD_WORKER"); path && *path) return path;
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto beside = self.parent_path() / "logsgd-worker";
    if (std::filesystem::exists(beside)) return beside.string();
  }
  return LOGSGD_DEFAULT_WORKER;
}

WorkerPool::WorkerPool(WorkerPoolOptions options) : options_(std::move(options)) {
  std::signal(SIGPIPE, SIG_IGN);  // a dead worker shows up as a write error, not a dead parent
  if (options_.workers < 1) options_.workers = 1;
  slots_.resize(static_cast<std::size_t>(options_.workers));
  running_pids_.assign(slots_.size(), 0);
}

std::string WorkerPool::version() {
  if (!version_.empty()) return version_;
  const std::string built = fmt::format("built against libngspice {}", LOGSGD_NGSPICE_BUILD_VERSION);
  try {
    bp::ipstream out;
    bp::child process(options_.worker_path, "--version", bp::std_in < bp::null, bp::std_out > out,
                      bp::std_err > bp::null);
    // The answer is one short line: it fits the pipe, so waiting first cannot deadlock.
    std::error_code ec;
    if (!process.wait_for(std::chrono::seconds(20), ec)) {
      process.terminate(ec);
      return version_ = fmt::format("unknown (logsgd-worker --version did not answer; {})", built);
    }
    std::string line, answer;
    while (std::getline(out, line))
      if (answer.empty() && !line.empty()) answer = line;
    version_ = process.exit_code() == 0 && !answer.empty()
                   ? fmt::format("{} (libngspice as loaded by logsgd-worker)", answer)
                   : fmt::format("unknown (logsgd-worker --version failed; {})", built);
  } catch (const std::exception& e) {
    version_ = fmt::format("unknown ({}; {})", e.what(), built);
  }
  return version_;
}

WorkerPool::~WorkerPool() {
  for (auto& worker : slots_) {
    if (!worker) continue;
    worker->to_child.close();  // end of input: the worker exits on its own
    std::error_code ec;
    if (!worker->process.wait_for(std::chrono::seconds(2), ec)) worker->process.terminate(ec);
  }
}

std::unique_ptr<WorkerPool::Worker> WorkerPool::start_worker() {
  auto worker = std::make_unique<Worker>();
  std::vector<std::string> args;
  if (!options_.init_file.empty()) args = {"--init", options_.init_file};
  worker->process = bp::child(options_.worker_path, bp::args(args), bp::std_in < worker->to_child,
                              bp::std_out > worker->from_child, bp::std_err > bp::null);
  // Keep only our ends, so the worker's death is seen as end of file.
  ::close(worker->to_child.native_source());
  worker->to_child.assign_source(-1);
  ::close(worker->from_child.native_sink());
  worker->from_child.assign_sink(-1);
  // Workers started later must not inherit these ends (a copy would hide this worker's exit).
  ::fcntl(worker->to_child.native_sink(), F_SETFD, FD_CLOEXEC);
  ::fcntl(worker->from_child.native_source(), F_SETFD, FD_CLOEXEC);
  ++workers_started_;
  return worker;
}

static std::string exit_reason(bp::child& process) {
  std::error_code ec;
  process.wait(ec);
  int status = process.native_exit_code();
  if (WIFSIGNALED(status)) return fmt::format("killed by signal {} ({})", WTERMSIG(status), strsignal(WTERMSIG(status)));
  if (WIFEXITED(status)) return fmt::format("exited with status {}", WEXITSTATUS(status));
  return "ended";
}

SimResult WorkerPool::run_on(std::unique_ptr<Worker>& worker, const SimRequest& request) {
  SimResult failed;
  failed.job_id = request.job_id;
  try {
    write_request(worker->to_child.native_sink(), request);
    pollfd fd{worker->from_child.native_source(), POLLIN, 0};
    auto deadline = std::chrono::steady_clock::now() +
                    std::chrono::milliseconds(static_cast<long>((request.timeout_s + options_.hang_grace_s) * 1000));
    int ready = 0;
    // Short slices, so a cancelled run stops within 0.1 s.
    while (ready == 0 && std::chrono::steady_clock::now() < deadline && !cancelled()) {
      ready = ::poll(&fd, 1, 100);
      if (ready < 0 && errno == EINTR) ready = 0;
    }
    if (ready == 0 && cancelled()) {
      std::error_code ec;
      worker->process.terminate(ec);
      worker->process.wait(ec);
      failed.error = "interrupted";
      failed.interrupted = true;
    } else if (ready == 0) {
      std::error_code ec;
      worker->process.terminate(ec);  // SIGKILL: a hang inside parsing or a device model
      worker->process.wait(ec);
      failed.error = fmt::format("worker hung: no answer {:.0f} s after the job's timeout; killed and replaced",
                                 options_.hang_grace_s);
    } else if (auto result = read_result(worker->from_child.native_source())) {
      if (result->worker_exits) {  // it answered, then exits (ngspice could not recover)
        std::error_code ec;
        worker->process.wait(ec);
        worker.reset();
      }
      return *result;
    } else {
      failed.error = "worker crashed: " + exit_reason(worker->process) + "; replaced";
    }
  } catch (const std::exception& e) {
    failed.error = fmt::format("worker crashed: {} ({}); replaced", exit_reason(worker->process), e.what());
  }
  worker.reset();
  return failed;
}

void WorkerPool::run(const std::vector<SimRequest>& requests, const ResultCallback& on_result) {
  std::atomic<std::size_t> next{0};
  std::mutex callback_mutex;
  auto serve = [&](std::size_t slot) {
    for (std::size_t i = next++; i < requests.size() && !cancelled(); i = next++) {
      std::unique_ptr<Worker> worker;
      {
        std::lock_guard lock(mutex_);
        if (!slots_[slot]) slots_[slot] = start_worker();
        worker = std::move(slots_[slot]);
        slots_[slot] = nullptr;
      }
      // Publish the pid while the job runs, so tests can find the worker to kill.
      {
        std::lock_guard lock(mutex_);
        running_pids_[slot] = worker->process.id();
      }
      SimResult result = run_on(worker, requests[i]);
      {
        std::lock_guard lock(mutex_);
        running_pids_[slot] = 0;
        slots_[slot] = std::move(worker);
      }
      std::lock_guard lock(callback_mutex);
      on_result(i, std::move(result));
    }
  };
  std::size_t threads = std::min<std::size_t>(slots_.size(), requests.size());
  std::vector<std::thread> pool;
  for (std::size_t slot = 0; slot < threads; ++slot) pool.emplace_back(serve, slot);
  for (auto& thread : pool) thread.join();
}

std::vector<int> WorkerPool::worker_pids() const {
  std::lock_guard lock(mutex_);
  std::vector<int> pids;
  for (int pid : running_pids_)
    if (pid > 0) pids.push_back(pid);
  return pids;
}

}  // namespace logsgd
