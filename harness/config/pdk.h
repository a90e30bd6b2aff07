// Where the sky130 PDK lives and which of its two SPICE model libraries a run uses.
// Found the way designers expect: $PDK_ROOT/$PDK (PDK defaults to sky130A).
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace logsgd {

namespace fs = std::filesystem;

// combined: continuous models, fast to load, Vth-only mismatch.
// binned:   classic per-W/L bins, slower, carries voff mismatch (sign-off Monte Carlo).
enum class ModelLibrary { combined, binned };

ModelLibrary parse_model_library(const std::string& name);  // throws ConfigError
std::string to_string(ModelLibrary library);

class Pdk {
 public:
  // Reads PDK_ROOT and PDK; throws ConfigError naming every path looked at when incomplete.
  static Pdk from_environment();
  Pdk(fs::path root, std::string name);

  const fs::path& root() const { return root_; }
  const std::string& name() const { return name_; }
  fs::path dir() const { return root_ / name_; }
  fs::path library_dir(ModelLibrary library) const;   // .../libs.tech/combined or .../ngspice
  fs::path library_file(ModelLibrary library) const;  // .../sky130.lib.spice
  fs::path spinit() const;                            // the vetted ngspice init

  // Lists what is missing (empty when complete); each entry names a path.
  std::vector<std::string> problems() const;

 private:
  fs::path root_;
  std::string name_;
};

}  // namespace logsgd
