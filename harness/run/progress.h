// Progress of a run's simulations on stderr. On a terminal one line is rewritten in place (with
// ETA); elsewhere (a CI log, a file) only plain lines are written: no carriage returns or escape
// codes, one per failed job and at most one per heartbeat otherwise. While nothing finishes a
// heartbeat line every ~10 s shows the run is alive, so a single job of an hour is not silent.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

namespace logsgd {

class Progress {
 public:
  // `running`: what a heartbeat names as running when there is one job (its id); `terminal`:
  // whether `out` is a terminal (default: asked of the system).
  Progress(std::size_t total, std::FILE* out, std::string running = "",
           std::chrono::milliseconds heartbeat = std::chrono::seconds(10), int terminal = -1);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  void job_done(const std::string& job_id, bool ok);
  void add_jobs(std::size_t jobs);  // more jobs to run than `total` (an auto-stopped run's next round)
  void finish();

 private:
  void beat();
  void print_line(const std::string& text);  // caller holds mutex_
  double elapsed_s() const;

  std::size_t total_;
  std::size_t done_ = 0;
  std::size_t failed_ = 0;
  std::FILE* out_;
  std::string running_;
  std::chrono::milliseconds heartbeat_;
  bool terminal_ = false;
  bool line_open_ = false;  // a terminal line waits to be rewritten or ended
  std::chrono::steady_clock::time_point start_, last_line_, last_done_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace logsgd
