#include "diagnostics.h"

namespace va {

std::string formatError(CompileError::Kind kind, const SourceLoc &loc, const std::string &message) {
    std::string where = loc.file + ":" + std::to_string(loc.line);
    if (kind == CompileError::Kind::Unsupported)
        return where + ": unsupported construct '" + message + "'";
    return where + ":" + std::to_string(loc.col) + ": " + message;
}

CompileError::CompileError(Kind kind, SourceLoc loc, std::string message)
    : std::runtime_error(formatError(kind, loc, message)),
      kind_(kind),
      loc_(std::move(loc)),
      message_(std::move(message)) {}

void syntaxError(const SourceLoc &loc, const std::string &message) {
    throw CompileError(CompileError::Kind::Syntax, loc, message);
}

void semanticError(const SourceLoc &loc, const std::string &message) {
    throw CompileError(CompileError::Kind::Semantic, loc, message);
}

void unsupported(const SourceLoc &loc, const std::string &construct) {
    throw CompileError(CompileError::Kind::Unsupported, loc, construct);
}

}  // namespace va
