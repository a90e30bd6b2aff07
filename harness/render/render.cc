#include "render.h"

#include <fmt/format.h>


#include "code_register.h"
#include "config_error.h"
#include "model_deck.h"
#include "spice_value.h"
#include "text_file.h"

namespace logsgd {


std::string render_netlist(const Testbench& testbench, const Pdk& pdk, ModelLibrary library,
                           const std::string& process, bool mismatch) {
  std::string circuit;
  const auto users = cell_users(testbench.cells, {testbench.template_path.string(), testbench.template_text});
  for (const auto& cell : testbench.cells) circuit += cell_definitions(cell, users) + "\n";
  circuit += testbench.template_text;

  ModelDeckRequest request{library, process, devices_used(circuit), mismatch};
  std::string netlist = fmt::format("* logsgd testbench {} ({} models, {})\n", testbench.name, to_string(library), process);
  for (const auto& line : build_model_deck(pdk, request)) netlist += line + "\n";
  for (const auto& [name, value] : testbench.options)
    netlist += fmt::format(".option {}={}\n", name, format_spice_number(value));
  for (const auto& [name, value] : testbench.parameters)
    netlist += fmt::format(".param {}={}\n", name, format_spice_number(value));
  netlist += circuit;
  if (!netlist.empty() && netlist.back() != '\n') netlist += "\n";
  for (const auto& line : code_register_netlist_lines(testbench.code_registers)) netlist += line + "\n";
  if (testbench.trainer)
    for (const auto& line : trainer_netlist_lines(*testbench.trainer)) netlist += line + "\n";
  for (const auto& analysis : testbench.analyses) netlist += analysis + "\n";
  netlist += ".end\n";
  return netlist;
}

}  // namespace logsgd
