// lexer.h -- turns Verilog-A source text into tokens.
//
// Compiler directives (`include, `define, `NAME) come out as Directive
// tokens and are resolved by the preprocessor. `define is special: its body
// runs to the end of the line, so the lexer captures that raw text here,
// where line boundaries are still known.
#pragma once

#include <string>
#include <vector>

#include "diagnostics.h"

namespace va {

enum class Tok { Ident, SysIdent, Directive, Number, String, Punct, End };

struct Token {
    Tok kind = Tok::End;
    std::string text;   // identifier/punct spelling; string contents without quotes
    SourceLoc loc;
    double num = 0;     // Number: value (scale factor applied)
    bool isInt = false; // Number: integer literal without '.', exponent or scale factor
    std::string raw;    // Directive "define": the rest of the line
    SourceLoc rawLoc;   // where raw starts

    bool is(Tok k, const char *t) const { return kind == k && text == t; }
    bool isPunct(const char *t) const { return is(Tok::Punct, t); }
    bool isIdent(const char *t) const { return is(Tok::Ident, t); }
};

// Lexes a whole file. Throws CompileError on malformed input.
std::vector<Token> lex(const std::string &text, const SourceLoc &start);

}  // namespace va
