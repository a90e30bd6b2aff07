// toolchain.h -- runs the system C++ compiler on generated code.
#pragma once

#include <string>
#include <vector>

namespace va {

struct ToolResult {
    int exitCode = -1;
    std::string output;  // stdout and stderr of the tool
};

// Runs argv[0] (looked up in PATH) and waits for it. Never throws.
ToolResult runTool(const std::vector<std::string> &argv);

// Compiles one C++ file into a shared library:
//   <cxx> -std=c++17 -O1 -shared -fPIC -fvisibility=hidden -o <out> <cpp>
ToolResult buildSharedLibrary(const std::string &cxx, const std::string &cppPath, const std::string &outPath);

}  // namespace va
