// logsgd-worker: hosts one libngspice and runs simulation requests read from stdin, answering
// on stdout (framed CBOR, see sim_protocol.h). Started and supervised by WorkerPool.
// `logsgd-worker --version` prints the version libngspice reports and exits (for provenance).
#include <stdlib.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <string>

#include "ngspice_session.h"
#include "sim_protocol.h"

int main(int argc, char** argv) {
  std::string init_file;
  bool version = false;
  for (int i = 1; i < argc; ++i) {
    if (i + 1 < argc && std::strcmp(argv[i], "--init") == 0) init_file = argv[i + 1];
    if (std::strcmp(argv[i], "--version") == 0) version = true;  // print libngspice's version and exit
  }

  // Ctrl-C reaches the whole process group; the parent decides what stops (it kills workers).
  std::signal(SIGINT, SIG_IGN);

  // The protocol gets its own descriptor; anything ngspice prints to stdout goes to stderr
  // instead of corrupting the frames.
  int protocol_out = dup(STDOUT_FILENO);
  dup2(STDERR_FILENO, STDOUT_FILENO);

  try {
    // ngspice reads .spiceinit from the working directory at start-up; start in an empty one so a
    // stray file cannot change results (ngSpice_nospiceinit crashes before ngSpice_Init).
    std::string empty_dir = (std::filesystem::temp_directory_path() / "logsgd-worker-XXXXXX").string();
    bool in_empty_dir = mkdtemp(empty_dir.data()) && chdir(empty_dir.c_str()) == 0;
    logsgd::NgspiceSession session(init_file);
    if (in_empty_dir) rmdir(empty_dir.c_str());
    if (version) {
      std::string text = session.version();
      if (text.empty()) return 1;
      text += "\n";
      return write(protocol_out, text.data(), text.size()) == static_cast<ssize_t>(text.size()) ? 0 : 1;
    }
    while (auto request = logsgd::read_request(STDIN_FILENO)) {
      logsgd::SimResult result = session.run(*request);
      logsgd::write_result(protocol_out, result);
      if (session.dead()) return 3;  // ngspice cannot recover: the pool starts a fresh worker
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "logsgd-worker: %s\n", e.what());
    return 1;
  }
  return 0;
}
