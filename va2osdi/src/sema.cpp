#include "sema.h"

#include <map>
#include <set>

#include "subset.h"

namespace va {
namespace {

const auto &kFunctions = supportedFunctions();
const auto &kSysMath = systemMathFunctions();
const auto &kUnsupportedFunctions = unsupportedFunctions();

uint64_t bit(int i) { return i < 0 ? 0 : (uint64_t(1) << i); }

class Sema {
public:
    explicit Sema(Module &m) : m_(m) {
        d_.module = &m;
        d_.name = m.name;
    }

    Design run() {
        declareNodes();
        declareParams();
        declareVars();
        declareBranches();
        resolveParams();
        prependVarInits();
        for (auto &s : m_.analog) resolveStmt(*s);
        assignFlows();
        computeDependencies();
        for (auto &s : m_.analog) checkStmt(*s);
        buildJacobian();
        return std::move(d_);
    }

private:
    enum class SymKind { Node, Param, Var, Branch };
    struct Sym {
        SymKind kind;
        int index;
        SourceLoc loc;
        int sign = 1;  // Branch: -1 when declared against the stored orientation
    };
    enum class Ctx { Analog, ParamDefault, Range };

    void declare(const std::string &name, SymKind kind, int index, const SourceLoc &loc) {
        auto it = syms_.find(name);
        if (it != syms_.end())
            semanticError(loc, "'" + name + "' is already declared (line " + std::to_string(it->second.loc.line) + ")");
        syms_[name] = Sym{kind, index, loc};
    }

    // ---- declarations ----
    void declareNodes() {
        struct NetInfo {
            SourceLoc loc;
            bool disc = false, ground = false;
            Direction dir = Direction::None;
        };
        std::map<std::string, NetInfo> nets;
        std::vector<std::string> order;
        for (const NetDecl &n : m_.nets) {
            auto [it, fresh] = nets.try_emplace(n.name);
            if (fresh) {
                it->second.loc = n.loc;
                order.push_back(n.name);
            }
            NetInfo &info = it->second;
            if (n.hasDiscipline && info.disc && !n.isGround && n.dir == Direction::None && !info.ground)
                semanticError(n.loc, "net '" + n.name + "' is declared twice");
            info.disc |= n.hasDiscipline;
            info.ground |= n.isGround;
            if (n.dir != Direction::None) info.dir = n.dir;
        }
        std::set<std::string> ports;
        for (auto &[name, loc] : m_.ports) {
            if (!ports.insert(name).second) semanticError(loc, "port '" + name + "' is listed twice");
            auto it = nets.find(name);
            if (it == nets.end() || !it->second.disc)
                semanticError(loc, "port '" + name + "' has no discipline (declare it 'electrical')");
            if (it->second.ground) semanticError(loc, "port '" + name + "' cannot be declared ground");
            addUnknown(name, Unknown::Kind::Terminal, loc);
        }
        d_.numTerminals = (int)d_.unknowns.size();
        for (const std::string &name : order) {
            const NetInfo &info = nets[name];
            if (ports.count(name)) continue;
            if (info.dir != Direction::None)
                semanticError(info.loc, "'" + name + "' has a port direction but is not in the port list");
            if (info.ground) {
                declare(name, SymKind::Node, kGround, info.loc);
                continue;
            }
            if (!info.disc) semanticError(info.loc, "net '" + name + "' has no discipline");
            addUnknown(name, Unknown::Kind::Internal, info.loc);
        }
    }

    int addUnknown(const std::string &name, Unknown::Kind kind, const SourceLoc &loc) {
        int idx = (int)d_.unknowns.size();
        if (idx >= kMaxUnknowns) unsupported(loc, "more than " + std::to_string(kMaxUnknowns) + " unknowns");
        d_.unknowns.push_back(Unknown{name, kind, loc});
        if (kind != Unknown::Kind::Flow) declare(name, SymKind::Node, idx, loc);
        return idx;
    }

    void declareParams() {
        Param mf;
        mf.name = "$mfactor";
        mf.instance = true;
        d_.params.push_back(mf);
        for (ParamDecl &p : m_.params) {
            Param q;
            q.name = p.name;
            q.type = p.type;
            q.local = p.local;
            q.decl = &p;
            if (p.attrs.type == "instance") q.instance = true;
            else if (!p.attrs.type.empty() && p.attrs.type != "model")
                semanticError(p.loc, "attribute type=\"" + p.attrs.type + "\" must be \"instance\" or \"model\"");
            if (q.local && q.instance) semanticError(p.loc, "a localparam cannot be an instance parameter");
            declare(p.name, SymKind::Param, (int)d_.params.size(), p.loc);
            d_.params.push_back(q);
        }
        // OSDI order: instance parameters first, then model parameters.
        for (int pass = 0; pass < 2; ++pass)
            for (size_t i = 0; i < d_.params.size(); ++i) {
                Param &p = d_.params[i];
                if (p.local || p.instance != (pass == 0)) continue;
                p.osdiId = (int)d_.osdiParams.size();
                d_.osdiParams.push_back((int)i);
                if (pass == 0) ++d_.numInstanceParams;
            }
    }

    void declareVars() {
        for (VarDecl &v : m_.vars) {
            declare(v.name, SymKind::Var, (int)d_.vars.size(), v.loc);
            Var w;
            w.name = v.name;
            w.type = v.type;
            w.decl = &v;
            d_.vars.push_back(w);
        }
    }

    void declareBranches() {
        for (const BranchDecl &b : m_.branches) {
            int a = nodeIndex(b.a, b.aLoc);
            int c = b.b.empty() ? kGround : nodeIndex(b.b, b.bLoc);
            auto [idx, sign] = branchFor(a, c, b.loc);
            if (!d_.branches[idx].name.empty())
                unsupported(b.loc, "two named branches between the same nodes");
            d_.branches[idx].name = b.name;
            declare(b.name, SymKind::Branch, idx, b.loc);
            syms_[b.name].sign = sign;
        }
    }

    int nodeIndex(const std::string &name, const SourceLoc &loc) {
        auto it = syms_.find(name);
        if (it == syms_.end()) semanticError(loc, "undeclared node '" + name + "'");
        if (it->second.kind != SymKind::Node) semanticError(loc, "'" + name + "' is not a node");
        return it->second.index;
    }

    // Finds or creates the branch between two nodes; sign is -1 when (a, b)
    // runs against the stored orientation.
    std::pair<int, int> branchFor(int a, int b, const SourceLoc &loc) {
        if (a == b) semanticError(loc, "a branch needs two different nodes");
        int sign = 1;
        if (a == kGround || (b != kGround && b < a)) {
            std::swap(a, b);
            sign = -1;
        }
        for (size_t i = 0; i < d_.branches.size(); ++i)
            if (d_.branches[i].a == a && d_.branches[i].b == b) return {(int)i, sign};
        Branch br;
        br.a = a;
        br.b = b;
        br.loc = loc;
        d_.branches.push_back(br);
        return {(int)d_.branches.size() - 1, sign};
    }

    // ---- parameters ----
    void resolveParams() {
        for (size_t i = 1; i < d_.params.size(); ++i) {
            Param &p = d_.params[i];
            ParamDecl &decl = *const_cast<ParamDecl *>(p.decl);
            paramLimit_ = (int)i;
            resolveExpr(*decl.def, Ctx::ParamDefault);
            if (decl.def->type == Type::String) unsupported(decl.def->loc, "string parameter");
            if (!decl.typeGiven) p.type = decl.def->type;
            for (RangeSpec &r : decl.ranges) {
                if (p.local) unsupported(r.loc, "range on a localparam");
                for (ExprPtr *b : {&r.lo, &r.hi})
                    if (*b) {
                        resolveExpr(**b, Ctx::Range);
                        if ((*b)->type == Type::String) semanticError((*b)->loc, "a range bound must be a number");
                    }
            }
        }
    }

    // `real x = init;` behaves like an assignment at the start of every evaluation.
    void prependVarInits() {
        auto block = std::make_unique<Stmt>(StmtKind::Block, m_.loc);
        for (size_t i = 0; i < d_.vars.size(); ++i) {
            VarDecl &v = *const_cast<VarDecl *>(d_.vars[i].decl);
            if (!v.init) continue;
            auto s = std::make_unique<Stmt>(StmtKind::Assign, v.loc);
            s->lhs = v.name;
            s->lhsLoc = v.loc;
            s->rhs = std::move(v.init);
            block->body.push_back(std::move(s));
        }
        if (!block->body.empty()) m_.analog.insert(m_.analog.begin(), std::move(block));
    }

    // ---- statements ----
    void resolveStmt(Stmt &s) {
        switch (s.kind) {
        case StmtKind::Empty: break;
        case StmtKind::Block:
            for (auto &c : s.body) resolveStmt(*c);
            break;
        case StmtKind::If:
            resolveCondition(*s.cond);
            resolveStmt(*s.thenS);
            if (s.elseS) resolveStmt(*s.elseS);
            break;
        case StmtKind::For:
            resolveStmt(*s.init);
            resolveCondition(*s.cond);
            resolveStmt(*s.step);
            resolveStmt(*s.thenS);
            break;
        case StmtKind::While:
            resolveCondition(*s.cond);
            resolveStmt(*s.thenS);
            break;
        case StmtKind::Assign: {
            auto it = syms_.find(s.lhs);
            if (it == syms_.end()) semanticError(s.lhsLoc, "undeclared variable '" + s.lhs + "'");
            if (it->second.kind == SymKind::Param) semanticError(s.lhsLoc, "cannot assign to parameter '" + s.lhs + "'");
            if (it->second.kind != SymKind::Var)
                semanticError(s.lhsLoc, "cannot assign to '" + s.lhs + "'; use '<+' to contribute to a branch");
            s.varIndex = it->second.index;
            resolveExpr(*s.rhs, Ctx::Analog);
            if (s.rhs->type == Type::String) semanticError(s.rhs->loc, "cannot assign a string");
            break;
        }
        case StmtKind::Contrib: resolveContribution(s); break;
        }
    }

    void resolveCondition(Expr &c) {
        resolveExpr(c, Ctx::Analog);
        if (c.type == Type::String) semanticError(c.loc, "a condition must be a number");
    }

    void resolveContribution(Stmt &s) {
        Expr &t = *s.target;
        if (t.kind != ExprKind::Call || (t.name != "V" && t.name != "I"))
            semanticError(t.loc, "the target of '<+' must be V(...) or I(...)");
        auto [branch, sign] = accessBranch(t);
        Branch &b = d_.branches[branch];
        (t.name == "I" ? b.hasI : b.hasV) = true;
        s.branch = branch;
        t.sign = sign;
        resolveExpr(*s.rhs, Ctx::Analog);
        if (s.rhs->type == Type::String) semanticError(s.rhs->loc, "cannot contribute a string");
    }

    // The branch named by the arguments of V(...) / I(...).
    std::pair<int, int> accessBranch(Expr &t) {
        if (t.args.empty() || t.args.size() > 2)
            semanticError(t.loc, t.name + "() takes one or two nodes, or one branch");
        for (auto &a : t.args)
            if (a->kind != ExprKind::Ident)
                semanticError(a->loc, "the arguments of " + t.name + "() must be node or branch names");
        auto it = syms_.find(t.args[0]->name);
        if (it == syms_.end()) semanticError(t.args[0]->loc, "undeclared node or branch '" + t.args[0]->name + "'");
        if (t.args.size() == 1 && it->second.kind == SymKind::Branch) return {it->second.index, it->second.sign};
        int a = nodeIndex(t.args[0]->name, t.args[0]->loc);
        int b = t.args.size() == 2 ? nodeIndex(t.args[1]->name, t.args[1]->loc) : kGround;
        if (a == kGround && b == kGround) semanticError(t.loc, t.name + "() between ground and ground");
        return branchFor(a, b, t.loc);
    }

    // ---- expressions ----
    void resolveExpr(Expr &e, Ctx ctx) {
        switch (e.kind) {
        case ExprKind::Number: e.type = e.isInt ? Type::Int : Type::Real; return;
        case ExprKind::String: e.type = Type::String; return;
        case ExprKind::Ident: resolveIdent(e, ctx); return;
        case ExprKind::Call: resolveCall(e, ctx); return;
        case ExprKind::SysCall: resolveSysCall(e, ctx); return;
        case ExprKind::Unary:
            resolveExpr(*e.args[0], ctx);
            noString(*e.args[0]);
            e.type = e.name == "!" ? Type::Int : e.args[0]->type;
            return;
        case ExprKind::Binary: {
            resolveExpr(*e.args[0], ctx);
            resolveExpr(*e.args[1], ctx);
            noString(*e.args[0]);
            noString(*e.args[1]);
            const std::string &o = e.name;
            bool ints = e.args[0]->type == Type::Int && e.args[1]->type == Type::Int;
            if (o == "+" || o == "-" || o == "*" || o == "/" || o == "**") {
                e.type = ints ? Type::Int : Type::Real;
            } else if (o == "%") {
                if (!ints) semanticError(e.loc, "operator '%' needs integer operands");
                e.type = Type::Int;
            } else {
                e.type = Type::Int;  // comparisons and logic
            }
            return;
        }
        case ExprKind::Ternary:
            for (auto &a : e.args) {
                resolveExpr(*a, ctx);
                noString(*a);
            }
            e.type = e.args[1]->type == Type::Int && e.args[2]->type == Type::Int ? Type::Int : Type::Real;
            return;
        }
    }

    void noString(const Expr &e) {
        if (e.type == Type::String) semanticError(e.loc, "a string is not allowed here");
    }

    void resolveIdent(Expr &e, Ctx ctx) {
        auto it = syms_.find(e.name);
        if (it == syms_.end()) {
            if (e.name == "inf") semanticError(e.loc, "'inf' is only allowed as a range bound");
            semanticError(e.loc, "undeclared identifier '" + e.name + "'");
        }
        const Sym &s = it->second;
        switch (s.kind) {
        case SymKind::Param:
            if (ctx == Ctx::ParamDefault && s.index >= paramLimit_)
                semanticError(e.loc, "parameter '" + e.name + "' is used before its declaration");
            e.ref = RefKind::Param;
            e.index = s.index;
            e.type = d_.params[s.index].type;
            return;
        case SymKind::Var:
            if (ctx != Ctx::Analog) semanticError(e.loc, "variable '" + e.name + "' cannot be used in a parameter declaration");
            e.ref = RefKind::Var;
            e.index = s.index;
            e.type = d_.vars[s.index].type;
            return;
        case SymKind::Node:
            semanticError(e.loc, "node '" + e.name + "' cannot be used as a value; probe it with V(" + e.name + ")");
        case SymKind::Branch:
            semanticError(e.loc, "branch '" + e.name + "' cannot be used as a value; probe it with V() or I()");
        }
    }

    void resolveCall(Expr &e, Ctx ctx) {
        if (e.name == "V" || e.name == "I") {
            if (ctx != Ctx::Analog) semanticError(e.loc, "probe " + e.name + "() is not allowed in a parameter declaration");
            resolveProbe(e);
            return;
        }
        if (kUnsupportedFunctions.count(e.name)) unsupported(e.loc, e.name);
        auto it = kFunctions.find(e.name);
        if (it == kFunctions.end()) {
            if (syms_.count(e.name)) semanticError(e.loc, "'" + e.name + "' is not a function");
            semanticError(e.loc, "unknown function '" + e.name + "'");
        }
        int n = (int)e.args.size();
        if (n < it->second.first || n > it->second.second)
            semanticError(e.loc, e.name + "() takes " + std::to_string(it->second.first) + " argument" +
                                     (it->second.first == 1 ? "" : "s") + " but " + std::to_string(n) + " given");
        if (e.name == "ddt" && ctx != Ctx::Analog) semanticError(e.loc, "ddt() is not allowed in a parameter declaration");
        bool ints = true;
        for (auto &a : e.args) {
            resolveExpr(*a, ctx);
            noString(*a);
            ints &= a->type == Type::Int;
        }
        e.type = (ints && (e.name == "min" || e.name == "max" || e.name == "abs")) ? Type::Int : Type::Real;
    }

    void resolveProbe(Expr &e) {
        e.type = Type::Real;
        if (e.name == "V") {
            if (e.args.size() == 1 && e.args[0]->kind == ExprKind::Ident) {
                auto it = syms_.find(e.args[0]->name);
                if (it != syms_.end() && it->second.kind == SymKind::Branch) {
                    const Branch &b = d_.branches[it->second.index];
                    e.ref = RefKind::Potential;
                    e.nodeA = it->second.sign > 0 ? b.a : b.b;
                    e.nodeB = it->second.sign > 0 ? b.b : b.a;
                    return;
                }
            }
            if (e.args.empty() || e.args.size() > 2) semanticError(e.loc, "V() takes one or two nodes, or one branch");
            for (auto &a : e.args)
                if (a->kind != ExprKind::Ident) semanticError(a->loc, "the arguments of V() must be node or branch names");
            e.ref = RefKind::Potential;
            e.nodeA = nodeIndex(e.args[0]->name, e.args[0]->loc);
            e.nodeB = e.args.size() == 2 ? nodeIndex(e.args[1]->name, e.args[1]->loc) : kGround;
            return;
        }
        auto [branch, sign] = accessBranch(e);
        d_.branches[branch].probedI = true;
        e.ref = RefKind::Flow;
        e.index = branch;
        e.sign = sign;
    }

    void resolveSysCall(Expr &e, Ctx ctx) {
        auto math = kSysMath.find(e.name);
        if (math != kSysMath.end()) {
            e.kind = ExprKind::Call;
            e.name = math->second;
            resolveCall(e, ctx);
            return;
        }
        const std::string &n = e.name;
        auto arity = [&](size_t lo, size_t hi) {
            if (e.args.size() < lo || e.args.size() > hi)
                semanticError(e.loc, n + " takes " + (lo == hi ? std::to_string(lo) : std::to_string(lo) + " or " + std::to_string(hi)) +
                                         " argument" + (hi == 1 ? "" : "s"));
        };
        auto needsInstance = [&] {
            if (ctx != Ctx::Analog) semanticError(e.loc, n + " is not available in a parameter declaration");
        };
        e.type = Type::Real;
        if (n == "$vt") {
            arity(0, 1);
            if (e.args.empty()) needsInstance();
            for (auto &a : e.args) {
                resolveExpr(*a, ctx);
                noString(*a);
            }
        } else if (n == "$temperature" || n == "$abstime" || n == "$mfactor") {
            arity(0, 0);
            needsInstance();
        } else if (n == "$simparam") {
            arity(1, 2);
            if (e.args[0]->kind != ExprKind::String) semanticError(e.args[0]->loc, "$simparam needs a string name");
            e.args[0]->type = Type::String;
            if (e.args.size() == 2) {
                resolveExpr(*e.args[1], ctx);
                noString(*e.args[1]);
            }
            d_.usesSimparam = true;
        } else if (n == "$param_given") {
            arity(1, 1);
            Expr &a = *e.args[0];
            auto it = syms_.find(a.name);
            if (a.kind != ExprKind::Ident || it == syms_.end() || it->second.kind != SymKind::Param)
                semanticError(a.loc, "$param_given needs a parameter name");
            if (d_.params[it->second.index].local) semanticError(a.loc, "$param_given of a localparam");
            a.ref = RefKind::Param;
            a.index = it->second.index;
            a.type = d_.params[a.index].type;
            e.type = Type::Int;
        } else {
            unsupported(e.loc, n);
        }
    }

    // ---- branch currents ----
    void assignFlows() {
        for (Branch &b : d_.branches) {
            if (b.hasI && b.hasV) unsupported(b.loc, "current and voltage contributions to the same branch");
            if (b.hasI && b.probedI) unsupported(b.loc, "current probe of a current-contributed branch");
            if (!b.hasV && !b.probedI) continue;
            std::string name = b.name;
            if (name.empty()) {
                name = "flow(" + d_.unknowns[b.a].name;
                if (b.b != kGround) name += "," + d_.unknowns[b.b].name;
                name += ")";
            }
            b.flow = addUnknown(name, Unknown::Kind::Flow, b.loc);
        }
    }

    // ---- dependency analysis (flow-insensitive fixpoint over variables) ----
    void computeDependencies() {
        for (int iter = 0;; ++iter) {
            changed_ = false;
            for (auto &s : m_.analog) depsStmt(*s);
            if (!changed_) break;
            if (iter > 1000) break;  // masks only grow; cannot happen
        }
    }

    void depsStmt(Stmt &s) {
        switch (s.kind) {
        case StmtKind::Empty: break;
        case StmtKind::Block:
            for (auto &c : s.body) depsStmt(*c);
            break;
        case StmtKind::If:
            depsExpr(*s.cond);
            depsStmt(*s.thenS);
            if (s.elseS) depsStmt(*s.elseS);
            break;
        case StmtKind::For:
            depsStmt(*s.init);
            depsExpr(*s.cond);
            depsStmt(*s.step);
            depsStmt(*s.thenS);
            break;
        case StmtKind::While:
            depsExpr(*s.cond);
            depsStmt(*s.thenS);
            break;
        case StmtKind::Assign: {
            depsExpr(*s.rhs);
            Var &v = d_.vars[s.varIndex];
            uint64_t r = v.depsR | s.rhs->depsR, q = v.depsQ | s.rhs->depsQ;
            bool re = v.reactive || s.rhs->reactive;
            if (r != v.depsR || q != v.depsQ || re != v.reactive) changed_ = true;
            v.depsR = r;
            v.depsQ = q;
            v.reactive = re;
            break;
        }
        case StmtKind::Contrib: depsExpr(*s.rhs); break;
        }
    }

    void depsExpr(Expr &e) {
        e.depsR = e.depsQ = 0;
        e.reactive = false;
        for (auto &a : e.args) {
            if (e.kind == ExprKind::Call && (e.name == "V" || e.name == "I")) break;
            depsExpr(*a);
        }
        switch (e.kind) {
        case ExprKind::Ident:
            if (e.ref == RefKind::Var) {
                const Var &v = d_.vars[e.index];
                e.depsR = v.depsR;
                e.depsQ = v.depsQ;
                e.reactive = v.reactive;
            }
            return;
        case ExprKind::Call:
            if (e.ref == RefKind::Potential) {
                e.depsR = bit(e.nodeA) | bit(e.nodeB);
                return;
            }
            if (e.ref == RefKind::Flow) {
                e.depsR = bit(d_.branches[e.index].flow);
                return;
            }
            if (e.name == "ddt") {
                e.depsQ = e.args[0]->depsR | e.args[0]->depsQ;
                e.reactive = true;
                return;
            }
            break;
        case ExprKind::SysCall:
            if (e.name == "$abstime") {
                e.depsR = bit(kTimeBit);
                return;
            }
            if (e.name == "$param_given") return;
            break;
        case ExprKind::Ternary:
            // The condition selects a value; it adds no derivative.
            for (size_t i = 1; i < 3; ++i) {
                e.depsR |= e.args[i]->depsR;
                e.depsQ |= e.args[i]->depsQ;
                e.reactive |= e.args[i]->reactive;
            }
            return;
        default:
            break;
        }
        for (auto &a : e.args) {
            e.depsR |= a->depsR;
            e.depsQ |= a->depsQ;
            e.reactive |= a->reactive;
        }
    }

    // ---- ddt() must enter the residual linearly ----
    void checkStmt(Stmt &s) {
        switch (s.kind) {
        case StmtKind::Empty: break;
        case StmtKind::Block:
            for (auto &c : s.body) checkStmt(*c);
            break;
        case StmtKind::If:
            checkCondition(*s.cond);
            checkStmt(*s.thenS);
            if (s.elseS) checkStmt(*s.elseS);
            break;
        case StmtKind::For:
            checkStmt(*s.init);
            checkCondition(*s.cond);
            checkStmt(*s.step);
            checkStmt(*s.thenS);
            break;
        case StmtKind::While:
            checkCondition(*s.cond);
            checkStmt(*s.thenS);
            break;
        case StmtKind::Assign:
            checkExpr(*s.rhs);
            if (s.rhs->reactive && d_.vars[s.varIndex].type == Type::Int)
                unsupported(s.rhs->loc, "ddt() assigned to an integer");
            break;
        case StmtKind::Contrib: checkExpr(*s.rhs); break;
        }
    }

    void checkCondition(Expr &c) {
        if (c.reactive) unsupported(c.loc, "ddt() in a condition");
        checkExpr(c);
    }

    static bool timeInvariant(const Expr &e) { return !e.reactive && e.depsR == 0 && e.depsQ == 0; }

    void checkExpr(Expr &e) {
        for (auto &a : e.args) checkExpr(*a);
        if (!e.reactive) return;
        switch (e.kind) {
        case ExprKind::Ident: return;
        case ExprKind::Call:
            if (e.name == "ddt") {
                if (e.args[0]->reactive) unsupported(e.loc, "nested ddt()");
                return;
            }
            unsupported(e.loc, "ddt() inside " + e.name + "()");
        case ExprKind::Unary:
            if (e.name == "!") unsupported(e.loc, "ddt() in a logical expression");
            return;
        case ExprKind::Binary: {
            const std::string &o = e.name;
            const Expr &l = *e.args[0], &r = *e.args[1];
            if (o == "+" || o == "-") return;
            if (o == "*") {
                if (l.reactive && r.reactive) unsupported(e.loc, "product of two ddt() terms");
                if (timeInvariant(l.reactive ? r : l)) return;
                unsupported(e.loc, "ddt() multiplied by a time-varying expression");
            }
            if (o == "/") {
                if (!r.reactive && timeInvariant(r)) return;
                unsupported(e.loc, r.reactive ? "ddt() in a denominator" : "ddt() divided by a time-varying expression");
            }
            unsupported(e.loc, "ddt() as operand of '" + o + "'");
        }
        case ExprKind::Ternary:
            if (e.args[0]->reactive) unsupported(e.args[0]->loc, "ddt() in a condition");
            return;
        default:
            unsupported(e.loc, "ddt() in a nonlinear expression");
        }
    }

    // ---- Jacobian sparsity ----
    void buildJacobian() {
        size_t n = d_.unknowns.size();
        if (n == 0) semanticError(m_.loc, "module '" + m_.name + "' has no nodes");
        rowR_.assign(n, 0);
        rowQ_.assign(n, 0);
        d_.reactiveRow.assign(n, false);
        for (auto &s : m_.analog) jacStmt(*s);
        for (const Branch &b : d_.branches) {
            if (b.flow < 0) continue;
            // KCL: the branch current leaves a and enters b.
            // Branch equation: V(a,b) - sum(contributions) = 0.
            rowR_[b.flow] |= bit(b.a) | bit(b.b);
            rowR_[b.a] |= bit(b.flow);
            if (b.b != kGround) rowR_[b.b] |= bit(b.flow);
        }
        uint64_t mask = ~bit(kTimeBit);
        for (size_t r = 0; r < n; ++r)
            for (size_t c = 0; c < n; ++c) {
                bool res = (rowR_[r] & mask) >> c & 1, rea = (rowQ_[r] & mask) >> c & 1;
                if (res || rea) d_.jacobian.push_back(JacobianEntry{(int)r, (int)c, res, rea});
            }
    }

    void jacStmt(Stmt &s) {
        switch (s.kind) {
        case StmtKind::Block:
            for (auto &c : s.body) jacStmt(*c);
            break;
        case StmtKind::If:
            jacStmt(*s.thenS);
            if (s.elseS) jacStmt(*s.elseS);
            break;
        case StmtKind::For:
        case StmtKind::While: jacStmt(*s.thenS); break;
        case StmtKind::Contrib: {
            const Branch &b = d_.branches[s.branch];
            std::vector<int> rows;
            if (s.target->name == "V") {
                rows.push_back(b.flow);
            } else {
                rows.push_back(b.a);
                if (b.b != kGround) rows.push_back(b.b);
            }
            for (int r : rows) {
                rowR_[r] |= s.rhs->depsR;
                rowQ_[r] |= s.rhs->depsQ;
                if (s.rhs->reactive) d_.reactiveRow[r] = true;
            }
            break;
        }
        default: break;
        }
    }

    Module &m_;
    Design d_;
    std::map<std::string, Sym> syms_;
    int paramLimit_ = 0;
    bool changed_ = false;
    std::vector<uint64_t> rowR_, rowQ_;
};

}  // namespace

Design analyze(Module &module) { return Sema(module).run(); }

}  // namespace va
