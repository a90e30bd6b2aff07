// workdir.h -- scratch files of one test process, and compiling test models.
#pragma once

#include <string>

namespace testing {

// A directory private to this process (removed at exit unless the
// environment variable VA2OSDI_KEEP_WORK is set).
const std::string &workDir();

// Path of tests/models/<name>.
std::string modelPath(const std::string &name);

struct CompiledModel {
    std::string osdi;      // path of the library ("" if compilation failed)
    std::string messages;  // compiler output
    double seconds = 0;    // wall time of the va2osdi run
};

// Runs the va2osdi executable on tests/models/<name>.va.
CompiledModel compileModel(const std::string &name);

// Runs the va2osdi executable on a .va text; returns exit code and output.
int runCompiler(const std::string &vaText, const std::string &fileName, std::string &output);

}  // namespace testing
