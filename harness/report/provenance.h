// Where a run's numbers came from: when, with which kit, simulator, PDK and model files, on
// which host and with which command. Reports print it near the top; results.json and junit.xml
// carry it as data, so a result can be traced and reproduced.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace logsgd {

struct HashedFile {
  std::string path;
  std::string sha256;
};

struct Provenance {
  std::string started_utc;       // ISO 8601, e.g. 2025-01-31T12:00:00Z
  std::string kit_version;       // git describe of the kit
  std::string ngspice_version;   // what the workers' libngspice reports
  std::string pdk;               // $PDK_ROOT/$PDK
  std::vector<HashedFile> model_files;  // every PDK file the run's decks include
  std::vector<HashedFile> decks;        // each rendered deck as simulated (netlists/), its inline .params included
  std::map<std::string, int> libraries; // model library -> jobs simulated with it
  std::string host;
  int workers = 1;
  std::string command_line;
};

std::string utc_now_iso8601();
std::string host_name();

// The files a deck's `.include "<path>"` lines name, in order of first appearance.
std::vector<std::string> included_files(const std::string& netlist);

}  // namespace logsgd
