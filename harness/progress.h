// A one-line progress display with ETA for multi-job runs (stderr, rewritten in place).
#pragma once
#include <chrono>
#include <cstdio>
#include <string>

namespace logsgd {

class Progress {
 public:
  Progress(std::size_t total, std::FILE* out);
  void job_done(const std::string& job_id, bool ok);
  void finish();

 private:
  std::size_t total_;
  std::size_t done_ = 0;
  std::size_t failed_ = 0;
  std::FILE* out_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace logsgd
