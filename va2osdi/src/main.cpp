// va2osdi -- compile a Verilog-A module into an OSDI 0.3 shared library.
//
//   va2osdi in.va -o out.osdi [--emit-cpp out.cpp] [--cxx g++]
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "compiler.h"

namespace {

void usage(FILE *f) {
    std::fputs(
        "usage: va2osdi <in.va> -o <out.osdi> [--emit-cpp <out.cpp>] [--cxx <compiler>]\n"
        "  Compiles one Verilog-A module into an OSDI 0.3 library for ngspice (pre_osdi).\n"
        "  -o <file>          output library (default: <in> with extension .osdi)\n"
        "  --emit-cpp <file>  also keep the generated C++ source\n"
        "  --cxx <compiler>   C++ compiler to use (default: g++)\n",
        f);
}

}  // namespace

int main(int argc, char **argv) {
    va::CompileOptions o;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&](const char *flag) -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "va2osdi: %s needs an argument\n", flag);
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "-h" || a == "--help") {
            usage(stdout);
            return 0;
        } else if (a == "-o") {
            o.output = value("-o");
        } else if (a == "--emit-cpp") {
            o.emitCpp = value("--emit-cpp");
        } else if (a == "--cxx") {
            o.cxx = value("--cxx");
        } else if (!a.empty() && a[0] == '-') {
            std::fprintf(stderr, "va2osdi: unknown option '%s'\n", a.c_str());
            usage(stderr);
            return 2;
        } else if (o.input.empty()) {
            o.input = a;
        } else {
            std::fprintf(stderr, "va2osdi: only one input file is supported\n");
            return 2;
        }
    }
    if (o.input.empty()) {
        usage(stderr);
        return 2;
    }
    if (o.output.empty()) {
        auto dot = o.input.find_last_of('.');
        auto slash = o.input.find_last_of('/');
        o.output = (dot != std::string::npos && (slash == std::string::npos || dot > slash) ? o.input.substr(0, dot) : o.input) + ".osdi";
    }
    std::string error, warnings;
    int rc = va::compile(o, error, &warnings);
    std::fputs(warnings.c_str(), stderr);
    if (rc != 0) std::fprintf(stderr, "%s\n", error.c_str());
    return rc;
}
