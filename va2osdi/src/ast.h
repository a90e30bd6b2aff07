// ast.h -- syntax tree of one Verilog-A module.
//
// The parser fills the syntactic fields; semantic analysis (sema.cpp) fills
// the "resolved" fields of expressions in place, so code generation can
// work from the tree alone.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "diagnostics.h"

namespace va {

enum class Type { Real, Int, String };

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

enum class ExprKind {
    Number,   // num / isInt
    String,   // text
    Ident,    // name
    Call,     // name(args): function, or nature access V(...)/I(...)
    SysCall,  // $name or $name(args)
    Unary,    // op args[0]
    Binary,   // args[0] op args[1]
    Ternary,  // args[0] ? args[1] : args[2]
};

// What an identifier or access resolved to (filled by sema).
enum class RefKind {
    None,
    Param,      // index = parameter index
    Var,        // index = variable index
    Potential,  // V(a,b): nodeA, nodeB (-1 = ground)
    Flow,       // I(branch) of a flow unknown: index = unknown index, sign
};

struct Expr {
    ExprKind kind;
    SourceLoc loc;
    std::string name;  // identifier, function name or operator
    double num = 0;
    bool isInt = false;
    std::vector<ExprPtr> args;

    // --- filled by sema ---
    Type type = Type::Real;
    RefKind ref = RefKind::None;
    int index = -1;
    int nodeA = -1, nodeB = -1;
    int sign = 1;
    bool reactive = false;  // contains ddt(): has a charge part
    uint64_t depsR = 0;     // unknowns the resistive part may depend on (bit 63: time)
    uint64_t depsQ = 0;     // unknowns the charge part may depend on

    Expr(ExprKind k, SourceLoc l) : kind(k), loc(std::move(l)) {}
};

struct Stmt;
using StmtPtr = std::unique_ptr<Stmt>;

enum class StmtKind { Block, If, Assign, Contrib, For, While, Empty };

struct Stmt {
    StmtKind kind;
    SourceLoc loc;
    std::vector<StmtPtr> body;  // Block
    ExprPtr cond;               // If / For / While
    StmtPtr thenS, elseS;       // If (elseS may be null); For/While body in thenS
    StmtPtr init, step;         // For
    std::string lhs;            // Assign: variable name
    SourceLoc lhsLoc;
    ExprPtr target;             // Contrib: the V(...)/I(...) access
    ExprPtr rhs;                // Assign / Contrib

    // --- filled by sema ---
    int varIndex = -1;  // Assign
    int branch = -1;    // Contrib: index into Module::branches (sema)

    Stmt(StmtKind k, SourceLoc l) : kind(k), loc(std::move(l)) {}
};

enum class Direction { None, Inout, Input, Output };

struct NetDecl {
    std::string name;
    SourceLoc loc;
    bool hasDiscipline = false;
    bool isGround = false;
    Direction dir = Direction::None;
};

struct RangeSpec {
    bool exclude = false;
    bool single = false;  // exclude <value>
    bool loInclusive = true, hiInclusive = true;
    ExprPtr lo, hi;       // null = infinite
    SourceLoc loc;
    std::string text;     // as written, for messages
};

struct Attributes {
    std::string desc, units, type;
};

struct ParamDecl {
    std::string name;
    SourceLoc loc;
    Type type = Type::Real;
    bool typeGiven = false;
    bool local = false;  // localparam: not exposed to the simulator
    ExprPtr def;
    std::vector<RangeSpec> ranges;
    Attributes attrs;
};

struct VarDecl {
    std::string name;
    SourceLoc loc;
    Type type = Type::Real;
    ExprPtr init;
};

struct BranchDecl {
    std::string name;
    SourceLoc loc;
    std::string a, b;  // b empty: to ground
    SourceLoc aLoc, bLoc;
};

struct Module {
    std::string name;
    SourceLoc loc;
    std::vector<std::pair<std::string, SourceLoc>> ports;
    std::vector<NetDecl> nets;
    std::vector<ParamDecl> params;
    std::vector<VarDecl> vars;
    std::vector<BranchDecl> branches;
    std::vector<StmtPtr> analog;  // the analog blocks, in order
};

}  // namespace va
