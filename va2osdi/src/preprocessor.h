// preprocessor.h -- resolves compiler directives on the token stream.
//
// Supports `include "file" (relative to the including file), object-like
// `define/`undef, `ifdef/`ifndef/`else/`endif and macro use `NAME.
// The standard headers "constants.vams" and "disciplines.vams" are built in:
// including them defines the LRM 2.4 constants (`M_PI, `P_Q, `P_K, ...) and
// needs no file on disk.
#pragma once

#include <string>
#include <vector>

#include "lexer.h"

namespace va {

// Reads and lexes `path` and resolves all directives. Throws CompileError.
std::vector<Token> preprocessFile(const std::string &path);

// Same for source text already in memory (`file` is used for locations and
// to resolve relative includes).
std::vector<Token> preprocessText(const std::string &text, const std::string &file);

// The built-in definitions of constants.vams, as "NAME value" pairs.
const std::vector<std::pair<std::string, std::string>> &builtinConstants();

}  // namespace va
