// parser.h -- recursive-descent parser for the supported Verilog-A subset.
//
// It accepts the syntax of the subset and refuses, by name, the common
// Verilog-A constructs that are outside it (see README.md). Name resolution
// and typing are left to sema.
#pragma once

#include <vector>

#include "ast.h"
#include "lexer.h"

namespace va {

// Parses a preprocessed token stream holding exactly one module.
Module parse(const std::vector<Token> &tokens);

}  // namespace va
