// subset.h -- which Verilog-A functions belong to the supported subset.
//
// Kept in one place so the parser (which refuses some names before it can
// parse their arguments) and sema agree, and the README can be checked
// against it.
#pragma once

#include <map>
#include <set>
#include <string>

namespace va {

// Supported functions: name -> (min args, max args).
const std::map<std::string, std::pair<int, int>> &supportedFunctions();

// Verilog-2005 $-math functions, mapped to the supported function names.
const std::map<std::string, std::string> &systemMathFunctions();

// Analog operators and functions of Verilog-A outside the subset.
const std::set<std::string> &unsupportedFunctions();

}  // namespace va
