#include "cell_view.h"

#include <fmt/format.h>

#include <boost/process.hpp>
#include <cstdint>
#include <cstdlib>
#include <regex>
#include <set>
#include <sstream>
#include <thread>
#include <unistd.h>

#include "cell_template.h"
#include "config_error.h"
#include "junction_geometry.h"
#include "spice_value.h"
#include "text_file.h"

namespace logsgd {

namespace fs = std::filesystem;
namespace bp = boost::process;

namespace {

struct SubcktHeader {
  std::vector<std::string> ports;
  std::vector<std::pair<std::string, std::string>> parameters;  // name, default text
};

// The `.subckt <name> ports... [params: ] p=v ...` line of the transistor netlist.
SubcktHeader subckt_header(const std::string& text, const std::string& name, const fs::path& file) {
  std::regex line_pattern(R"((^|\n)\s*\.subckt\s+)" + name + R"(\s+([^\n]*))", std::regex::icase);
  std::smatch match;
  if (!std::regex_search(text, match, line_pattern))
    throw ConfigError(fmt::format("{}: no '.subckt {}' line", file.string(), name));
  SubcktHeader header;
  std::istringstream words(match[2].str());
  for (std::string word; words >> word;) {
    if (word == "params:" || word == "PARAMS:") continue;
    if (auto eq = word.find('='); eq != std::string::npos)
      header.parameters.emplace_back(word.substr(0, eq), word.substr(eq + 1));
    else if (header.parameters.empty())
      header.ports.push_back(word);
  }
  return header;
}

struct VerilogAModule {
  std::string name;
  std::vector<std::string> ports;
  std::set<std::string> instance_parameters;  // (* type="instance" *): settable per N line
  std::set<std::string> model_parameters;
};

VerilogAModule read_module(const fs::path& file) {
  std::string text = read_text_file(file);
  static const std::regex module_pattern(R"(\bmodule\s+(\w+)\s*\(([^)]*)\))");
  std::smatch match;
  if (!std::regex_search(text, match, module_pattern)) throw ConfigError(fmt::format("{}: no module declaration", file.string()));
  VerilogAModule module;
  module.name = match[1].str();
  std::string ports = match[2].str();
  static const std::regex word(R"(\w+)");
  for (std::sregex_iterator it(ports.begin(), ports.end(), word), end; it != end; ++it) module.ports.push_back(it->str());
  static const std::regex parameter(R"((\(\*[^*]*type\s*=\s*"instance"[^*]*\*\)\s*)?\bparameter\s+(?:real|integer)\s+(\w+))");
  for (std::sregex_iterator it(text.begin(), text.end(), parameter), end; it != end; ++it)
    ((*it)[1].matched ? module.instance_parameters : module.model_parameters).insert((*it)[2].str());
  return module;
}

// The transistor netlist with its subckt renamed (for the mixed-view name).
std::string renamed_subckt(const std::string& text, const std::string& from, const std::string& to) {
  std::regex subckt(R"((\.subckt\s+))" + from + R"(\b)", std::regex::icase);
  std::regex ends(R"((\.ends\s+))" + from + R"(\b)", std::regex::icase);
  return std::regex_replace(std::regex_replace(text, subckt, "$1" + to), ends, "$1" + to);
}

std::string behavioural_wrapper(const CellUse& cell, const std::string& subckt_name, const std::string& transistor_text) {
  SubcktHeader header = subckt_header(transistor_text, cell.name, cell.netlist);
  VerilogAModule module = read_module(cell.verilog_a);
  std::set<std::string> cell_ports(header.ports.begin(), header.ports.end());
  for (const auto& port : module.ports)
    if (!cell_ports.count(port))
      throw ConfigError(fmt::format("{}: port '{}' of module {} is not a port of .subckt {} in {}", cell.verilog_a.string(),
                                    port, module.name, cell.name, cell.netlist.string()));
  if (module.ports.size() != header.ports.size())
    throw ConfigError(fmt::format("{}: module {} has {} ports, .subckt {} has {}", cell.verilog_a.string(), module.name,
                                  module.ports.size(), cell.name, header.ports.size()));
  std::string params;
  for (const auto& [name, value] : header.parameters) params += fmt::format(" {}={}", name, value);
  // In ngspice's hsa mode a .model inside a subckt is renamed per instance and an OSDI device no
  // longer finds it: the model card is global and per-instance values go on the N line.
  std::string instance_params;
  for (const auto& [name, value] : header.parameters) {
    if (module.instance_parameters.count(name)) instance_params += fmt::format(" {0}={{{0}}}", name);
    else if (module.model_parameters.count(name))
      throw ConfigError(fmt::format("{}: parameter '{}' is also a parameter of .subckt {}; declare it "
                                    "(* type=\"instance\" *) so each instance can set it",
                                    cell.verilog_a.string(), name, cell.name));
  }
  std::string nodes;
  for (const auto& port : module.ports) nodes += " " + port;
  return fmt::format(".model {0}_model {4}\n.subckt {0} {1}{2}\nN1{3} {0}_model{5}\n.ends {0}\n", subckt_name,
                     fmt::join(header.ports, " "), params, nodes, module.name, instance_params);
}

// bp::search_path would pull in Boost.Filesystem's library for these few lines.
std::string find_on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    fs::path candidate = fs::path(dir.empty() ? "." : dir) / program;
    if (fs::exists(candidate) && access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return "";
}

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

}  // namespace

std::string default_va2osdi_path() {
  if (const char* path = std::getenv("VA2OSDI"); path && *path) return path;
  return LOGSGD_DEFAULT_VA2OSDI;
}

std::vector<SpiceSource> cell_sources(const CellUse& cell, const std::vector<SpiceSource>& users) {
  SpiceSource transistor =
      with_junction_geometry(expand_cell_templates({cell.netlist.string(), read_text_file(cell.netlist)}, users));
  if (cell.verilog_a.empty()) return {transistor};
  const std::string generated = "behavioural view generated from " + cell.verilog_a.string();
  if (cell.view == CellView::transistor)
    return {transistor, {generated, behavioural_wrapper(cell, cell.name + "_behavioural", transistor.text)}};
  SpiceSource renamed = transistor;  // line for line: the origins stay
  renamed.text = renamed_subckt(transistor.text, cell.name, cell.name + "_transistor");
  return {{generated, behavioural_wrapper(cell, cell.name, transistor.text)}, renamed};
}

std::string cell_definitions(const CellUse& cell, const std::vector<SpiceSource>& users) {
  std::string text;
  for (const auto& source : cell_sources(cell, users)) text += (text.empty() ? "" : "\n") + source.text;
  return text;
}

std::vector<SpiceSource> cell_users(const std::vector<CellUse>& cells, const SpiceSource& testbench_template) {
  std::vector<SpiceSource> users;
  for (const auto& cell : cells) users.push_back({cell.netlist.string(), read_text_file(cell.netlist)});
  users.push_back(testbench_template);
  return users;
}

fs::path compile_verilog_a(const fs::path& source, const fs::path& cache_dir) {
  const char* chosen = std::getenv("VA_COMPILER");
  const bool openvaf = chosen && std::string(chosen) == "openvaf";
  std::string text = read_text_file(source);
  fs::path output = cache_dir / fmt::format("{}-{:016x}{}.osdi", source.stem().string(), fnv1a(text), openvaf ? "-openvaf" : "");
  if (fs::exists(output)) return output;
  fs::create_directories(cache_dir);
  // Each process and thread compiles into its own partial file: two runs starting at once in one
  // tree would otherwise write the same file, and the second would find it renamed away under it.
  fs::path partial = output;
  partial += fmt::format(".{}-{}.partial", static_cast<long>(::getpid()),
                         std::hash<std::thread::id>{}(std::this_thread::get_id()));
  std::string program = default_va2osdi_path();
  if (openvaf) {
    program = find_on_path("openvaf");
    if (program.empty()) throw ConfigError("VA_COMPILER=openvaf, but openvaf is not on PATH");
  }
  bp::ipstream errors;
  bp::child compiler(program, source.string(), "-o", partial.string(), (bp::std_out & bp::std_err) > errors);
  std::string message;
  for (std::string line; std::getline(errors, line);) message += line + "\n";  // until it exits
  compiler.wait();
  if (compiler.exit_code() != 0 || !fs::exists(partial))
    throw ConfigError(fmt::format("compiling {} failed:\n{}", source.string(), message));
  fs::rename(partial, output);  // complete files only: a parallel run never sees half a library
  return output;
}

}  // namespace logsgd
