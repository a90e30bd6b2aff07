// The registers a testbench's template declares for transistor-level trim DACs (cells/trim_dac):
//
//   *@register c_qt1 c_rt1 ... bits=8 high=vdd
//
// Each named register holds a DAC's code on the lines <name>_<j> (bit j) and <name>n_<j> (its
// complement), j = 0 .. bits-1, at logic 1 = `high` (a number or a parameter, e.g. the supply's).
// They are the calibration controller's, digital and outside the chip: the harness writes each line
// as a voltage source V<name>_<j> / V<name>n_<j> at mid code (the DAC's trim 0), and a calibration
// trim named `register: <name>` sets them to the code it wants (harness/analysis/trim_register.h).
// A directive is a SPICE comment, so the template still reads as a netlist, and every testbench
// sharing the template drives the same lines whatever its calibration trims.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "quantity.h"

namespace logsgd {

struct CodeRegister {
  std::string name;
  int bits = 8;
  Quantity logic_high;
  std::string where;  // file:line of its directive
};

// The `*@register` lines of a template; throws ConfigError at file:line for a malformed one (a name
// that is not an identifier, bits outside 1..24, a `high` that is neither a number nor a
// parameter, a name declared twice).
std::vector<CodeRegister> parse_code_registers(const std::string& text, const std::string& origin,
                                               const std::map<std::string, double>& parameters);

// The voltage source driving bit j of a register (its complement's with `complement`).
std::string code_line_source(const std::string& name, int bit, bool complement);

// The netlist lines that drive every register's code lines at mid code (none without registers).
std::vector<std::string> code_register_netlist_lines(const std::vector<CodeRegister>& registers);

}  // namespace logsgd
