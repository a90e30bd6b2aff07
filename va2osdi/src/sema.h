// sema.h -- name resolution, typing and the device structure of a module.
//
// Produces a Design: the unknowns of the device (terminals, internal nodes,
// branch currents of voltage-contributed or current-probed branches), the
// parameter table in OSDI order, the variables, and the sparsity of the
// Jacobian (which residual may depend on which unknown). Expressions of the
// module are annotated in place (see Expr in ast.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ast.h"

namespace va {

constexpr int kGround = -1;
constexpr int kTimeBit = 63;  // pseudo unknown in dependency masks: $abstime
constexpr int kMaxUnknowns = 63;

struct Unknown {
    enum class Kind { Terminal, Internal, Flow };
    std::string name;
    Kind kind;
    SourceLoc loc;
};

struct Branch {
    int a = kGround, b = kGround;  // normalised: a is never ground
    std::string name;              // declared name, or empty
    SourceLoc loc;
    bool hasI = false, hasV = false, probedI = false;
    int flow = -1;                 // unknown index of the branch current, if any
};

struct Param {
    std::string name;  // "$mfactor" for the implicit multiplicity parameter
    Type type = Type::Real;
    bool instance = false;
    bool local = false;   // localparam: computed in setup, not in the OSDI table
    int osdiId = -1;      // index in the OSDI parameter table
    const ParamDecl *decl = nullptr;  // null for $mfactor
};

struct Var {
    std::string name;
    Type type = Type::Real;
    bool reactive = false;  // ever assigned an expression containing ddt()
    uint64_t depsR = 0, depsQ = 0;
    const VarDecl *decl = nullptr;
};

struct JacobianEntry {
    int row, col;       // residual (unknown) index, unknown index
    bool resist, react;
};

struct Design {
    Module *module = nullptr;
    std::string name;
    std::vector<Unknown> unknowns;  // terminals, then internal nodes, then flows
    int numTerminals = 0;
    std::vector<Branch> branches;
    std::vector<Param> params;      // declaration order; [0] is $mfactor
    std::vector<int> osdiParams;    // param indices in OSDI order (instance first)
    int numInstanceParams = 0;
    std::vector<Var> vars;
    std::vector<bool> reactiveRow;  // residual has a charge part
    std::vector<JacobianEntry> jacobian;
    bool usesSimparam = false;
};

// Checks the module and builds the design. Throws CompileError.
Design analyze(Module &module);

}  // namespace va
