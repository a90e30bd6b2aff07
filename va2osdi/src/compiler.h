// compiler.h -- the whole pipeline: .va file -> C++ source -> .osdi library.
#pragma once

#include <string>

namespace va {

struct CompileOptions {
    std::string input;    // .va file
    std::string output;   // .osdi file
    std::string emitCpp;  // optional: keep the generated C++ here
    std::string cxx = "g++";
};

struct Translation {
    std::string cpp;         // generated C++ source
    std::string moduleName;  // the OSDI device name
};

// Front end and code generation only. Throws CompileError.
Translation translateFile(const std::string &vaPath);
Translation translateText(const std::string &text, const std::string &fileName);

// Translates and builds. Returns 0 on success; otherwise writes the
// diagnostic to `error` and returns 1 (source error) or 2 (toolchain error).
// Non-fatal remarks go to `warnings` (may be null).
int compile(const CompileOptions &options, std::string &error, std::string *warnings = nullptr);

}  // namespace va
