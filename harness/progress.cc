#include "progress.h"

#include <fmt/format.h>

namespace logsgd {

Progress::Progress(std::size_t total, std::FILE* out)
    : total_(total), out_(out), start_(std::chrono::steady_clock::now()) {}

void Progress::job_done(const std::string& job_id, bool ok) {
  ++done_;
  failed_ += !ok;
  if (!out_ || total_ < 2) return;
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double eta = elapsed / static_cast<double>(done_) * static_cast<double>(total_ - done_);
  fmt::print(out_, "\r\033[K[{}/{}] {:.0f}%  elapsed {:.1f} s  ETA {:.1f} s  failed {}  last {}", done_, total_,
             100.0 * static_cast<double>(done_) / static_cast<double>(total_), elapsed, eta, failed_, job_id);
  std::fflush(out_);
}

void Progress::finish() {
  if (out_ && total_ >= 2) fmt::print(out_, "\n");
}

}  // namespace logsgd
