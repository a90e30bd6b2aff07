#include "compiler.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "codegen.h"
#include "ngspice_names.h"
#include "parser.h"
#include "preprocessor.h"
#include "sema.h"
#include "toolchain.h"

namespace va {
namespace {

Translation translateTokens(const std::vector<Token> &tokens, const std::string &name) {
    Module m = parse(tokens);
    Design d = analyze(m);
    return Translation{generateCpp(d, name), d.name};
}

bool writeFile(const std::string &path, const std::string &text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    return bool(out.flush());
}

}  // namespace

Translation translateFile(const std::string &vaPath) { return translateTokens(preprocessFile(vaPath), vaPath); }

Translation translateText(const std::string &text, const std::string &fileName) {
    return translateTokens(preprocessText(text, fileName), fileName);
}

int compile(const CompileOptions &o, std::string &error, std::string *warnings) {
    if (access(o.input.c_str(), R_OK) != 0) {
        error = o.input + ": cannot open file";
        return 1;
    }
    Translation t;
    try {
        t = translateFile(o.input);
    } catch (const CompileError &e) {
        error = e.what();
        return 1;
    }
    if (warnings && isNgspiceBuiltinDevice(t.moduleName))
        *warnings += o.input + ": warning: module name '" + t.moduleName +
                     "' is also an ngspice built-in device; '.model <name> " + t.moduleName +
                     "' would select the built-in one\n";
    std::string cppPath = o.emitCpp;
    if (cppPath.empty()) {
        std::string tmpl = (std::filesystem::temp_directory_path() / "va2osdi-XXXXXX.cpp").string();
        int fd = mkstemps(tmpl.data(), 4);
        if (fd < 0) {
            error = "cannot create a temporary file in " + std::filesystem::temp_directory_path().string();
            return 2;
        }
        close(fd);
        cppPath = tmpl;
    }
    if (!writeFile(cppPath, t.cpp)) {
        error = cppPath + ": cannot write file";
        return 2;
    }
    ToolResult r = buildSharedLibrary(o.cxx, cppPath, o.output);
    if (o.emitCpp.empty()) std::remove(cppPath.c_str());
    if (r.exitCode != 0) {
        error = "error: C++ compiler '" + o.cxx + "' failed to build " + o.output + " (exit " + std::to_string(r.exitCode) +
                ")\n" + r.output;
        return 2;
    }
    return 0;
}

}  // namespace va
