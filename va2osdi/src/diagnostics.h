// diagnostics.h -- source locations and the single error type of the compiler.
//
// The compiler stops at the first error: every stage throws CompileError and
// the driver prints it. Three flavours are distinguished only by how they
// are printed, because users grep for them:
//   syntax / semantic : "file:line:col: message"
//   unsupported       : "file:line: unsupported construct 'X'"
#pragma once

#include <stdexcept>
#include <string>

namespace va {

struct SourceLoc {
    std::string file;
    int line = 0;
    int col = 0;
};

class CompileError : public std::runtime_error {
public:
    enum class Kind { Syntax, Semantic, Unsupported };

    CompileError(Kind kind, SourceLoc loc, std::string message);

    Kind kind() const { return kind_; }
    const SourceLoc &loc() const { return loc_; }
    // The bare message (for unsupported constructs: the construct name).
    const std::string &message() const { return message_; }

private:
    Kind kind_;
    SourceLoc loc_;
    std::string message_;
};

// Formatted "file:line:col: message" text as printed by the driver.
std::string formatError(CompileError::Kind kind, const SourceLoc &loc, const std::string &message);

[[noreturn]] void syntaxError(const SourceLoc &loc, const std::string &message);
[[noreturn]] void semanticError(const SourceLoc &loc, const std::string &message);
[[noreturn]] void unsupported(const SourceLoc &loc, const std::string &construct);

}  // namespace va
