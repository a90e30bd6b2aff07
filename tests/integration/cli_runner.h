// Runs the built logsgd program with arguments (through the shell) and collects its exit code
// and its stdout and stderr together.
#pragma once
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

struct Answer {
  int code = -1;
  std::string output;  // stdout and stderr
};

inline Answer run_logsgd(const std::string& arguments) {
  Answer answer;
  FILE* pipe = popen((std::string(LOGSGD_BINARY) + " " + arguments + " 2>&1").c_str(), "r");
  REQUIRE(pipe);
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) answer.output.append(buffer, n);
  int status = pclose(pipe);
  answer.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return answer;
}
