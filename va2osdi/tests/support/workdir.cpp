#include "support/workdir.h"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>

#include "toolchain.h"

namespace testing {

namespace {
struct WorkDir {
    std::string path;
    WorkDir() {
        mkdir(VA2OSDI_WORK_DIR, 0755);
        path = std::string(VA2OSDI_WORK_DIR) + "/" + std::to_string(getpid());
        mkdir(path.c_str(), 0755);
    }
    ~WorkDir() {
        if (!std::getenv("VA2OSDI_KEEP_WORK")) va::runTool({"rm", "-rf", path});
    }
};
}  // namespace

const std::string &workDir() {
    static WorkDir dir;
    return dir.path;
}

std::string modelPath(const std::string &name) { return std::string(VA2OSDI_MODELS_DIR) + "/" + name; }

CompiledModel compileModel(const std::string &name) {
    CompiledModel m;
    std::string out = workDir() + "/" + name + ".osdi";
    auto t0 = std::chrono::steady_clock::now();
    va::ToolResult r = va::runTool({VA2OSDI_EXE, modelPath(name + ".va"), "-o", out});
    m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    m.messages = r.output;
    if (r.exitCode == 0) m.osdi = out;
    return m;
}

int runCompiler(const std::string &vaText, const std::string &fileName, std::string &output) {
    std::string va = workDir() + "/" + fileName;
    std::ofstream(va) << vaText;
    va::ToolResult r = va::runTool({VA2OSDI_EXE, va, "-o", va + ".osdi"});
    output = r.output;
    return r.exitCode;
}

}  // namespace testing
