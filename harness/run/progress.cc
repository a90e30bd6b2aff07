#include "progress.h"

#include <fmt/format.h>
#include <unistd.h>

namespace logsgd {

namespace {

std::string duration_text(double seconds) {
  if (seconds < 120) return fmt::format("{:.0f} s", seconds);
  if (seconds < 7200) return fmt::format("{:.1f} min", seconds / 60);
  return fmt::format("{:.1f} h", seconds / 3600);
}

}  // namespace

Progress::Progress(std::size_t total, std::FILE* out, std::string running, std::chrono::milliseconds heartbeat,
                   int terminal)
    : total_(total),
      out_(out),
      running_(std::move(running)),
      heartbeat_(heartbeat),
      start_(std::chrono::steady_clock::now()),
      last_line_(start_),
      last_done_(start_) {
  if (!out_ || total_ == 0) return;
  terminal_ = terminal >= 0 ? terminal == 1 : isatty(fileno(out_)) == 1;
  thread_ = std::thread([this] { beat(); });
}

Progress::~Progress() { finish(); }

double Progress::elapsed_s() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::print_line(const std::string& text) {
  if (terminal_) {
    fmt::print(out_, "\r\033[K{}", text);
    line_open_ = true;
  } else {
    fmt::print(out_, "{}\n", text);
  }
  std::fflush(out_);
  last_line_ = std::chrono::steady_clock::now();
}

void Progress::job_done(const std::string& job_id, bool ok) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++done_;
  failed_ += !ok;
  last_done_ = std::chrono::steady_clock::now();
  if (!out_ || total_ == 0) return;
  const double elapsed = elapsed_s();
  const double eta = elapsed / static_cast<double>(done_) * static_cast<double>(total_ - done_);
  const std::string status = fmt::format("[{}/{}] {:.0f}%  elapsed {}  ETA {}  failed {}", done_, total_,
                                         100.0 * static_cast<double>(done_) / static_cast<double>(total_),
                                         duration_text(elapsed), duration_text(eta), failed_);
  if (terminal_) {
    print_line(status + "  last " + job_id);
  } else if (!ok) {
    print_line(fmt::format("{}  FAILED {}", status, job_id));
  } else if (done_ == total_ || last_done_ - last_line_ >= heartbeat_) {
    // A log gets a line per heartbeat at most, not one per job of a 1000-sample Monte Carlo run.
    print_line(status);
  }
}

void Progress::add_jobs(std::size_t jobs) {
  std::lock_guard<std::mutex> lock(mutex_);
  total_ += jobs;
}

void Progress::beat() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_) {
    wake_.wait_for(lock, heartbeat_ / 4);
    if (stop_ || done_ == total_) continue;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_line_ < heartbeat_) continue;
    const double since = std::chrono::duration<double>(now - last_done_).count();
    if (total_ == 1)
      print_line(fmt::format("[0/1] running {}  elapsed {}", running_.empty() ? std::string("1 job") : running_,
                             duration_text(elapsed_s())));
    else
      print_line(fmt::format("[{}/{}] running  elapsed {}  last job finished {} ago  failed {}", done_, total_,
                             duration_text(elapsed_s()), duration_text(since), failed_));
  }
}

void Progress::finish() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stop_) return;
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (line_open_) {
    fmt::print(out_, "\n");
    std::fflush(out_);
    line_open_ = false;
  }
}

}  // namespace logsgd
