#include "parser.h"

#include <set>

#include "subset.h"

namespace va {
namespace {

// Verilog-A keywords and functions outside the subset, refused by name when
// they start an item, a statement or a call.
const std::set<std::string> kUnsupportedItems = {
    "function", "task", "genvar", "aliasparam", "string", "wire", "wreal", "reg", "tri",
    "supply0", "supply1", "net", "nature", "discipline", "specify", "generate", "initial",
    "always", "defparam", "assign", "paramset", "connectrules", "time", "realtime", "event",
    "connect", "primitive", "macromodule_instance"};
const std::set<std::string> kOtherDisciplines = {
    "voltage", "current", "magnetic", "thermal", "kinematic", "kinematic_v", "rotational",
    "rotational_omega", "logic", "continuous", "discrete"};
const std::set<std::string> kUnsupportedStatements = {
    "case", "casex", "casez", "repeat", "forever", "fork", "wait", "disable", "release",
    "force", "deassign", "assign"};

class Parser {
public:
    explicit Parser(const std::vector<Token> &t) : t_(t) {}

    Module run() {
        skipAttributes();
        const Token &k = peek();
        if (k.isIdent("module") || k.isIdent("macromodule")) {
            next();
        } else if (k.kind == Tok::Ident && (k.text == "discipline" || k.text == "nature" || k.text == "connectrules")) {
            unsupported(k.loc, k.text + " declaration");
        } else if (k.kind == Tok::End) {
            syntaxError(k.loc, "expected 'module' but the file is empty");
        } else {
            syntaxError(k.loc, "expected 'module' but found '" + k.text + "'");
        }
        Module m = parseModule();
        skipAttributes();
        if (peek().isIdent("module") || peek().isIdent("macromodule"))
            unsupported(peek().loc, "more than one module per file");
        if (peek().kind != Tok::End) syntaxError(peek().loc, "unexpected '" + peek().text + "' after endmodule");
        return m;
    }

private:
    // ---- token helpers ----
    const Token &peek(size_t k = 0) const {
        size_t i = pos_ + k;
        return i < t_.size() ? t_[i] : t_.back();
    }
    const Token &next() {
        const Token &t = peek();
        if (pos_ < t_.size() - 1) ++pos_;
        return t;
    }
    bool acceptPunct(const char *p) {
        if (peek().isPunct(p)) {
            next();
            return true;
        }
        return false;
    }
    bool acceptIdent(const char *p) {
        if (peek().isIdent(p)) {
            next();
            return true;
        }
        return false;
    }
    static std::string describe(const Token &t) {
        switch (t.kind) {
        case Tok::End: return "end of file";
        case Tok::String: return "string \"" + t.text + "\"";
        case Tok::Directive: return "`" + t.text;
        default: return "'" + t.text + "'";
        }
    }
    // Where a missing token should be reported: just after the previous one,
    // which is usually on the offending line.
    SourceLoc afterPrevious() const {
        if (pos_ == 0) return peek().loc;
        const Token &p = t_[pos_ - 1];
        SourceLoc l = p.loc;
        l.col += (int)p.text.size() + (p.kind == Tok::String ? 2 : 0);
        return l;
    }
    void expectPunct(const char *p, const char *context = nullptr) {
        if (acceptPunct(p)) return;
        std::string msg = std::string("expected '") + p + "'";
        if (context) msg += std::string(" ") + context;
        msg += " but found " + describe(peek());
        syntaxError(std::string(p) == ";" ? afterPrevious() : peek().loc, msg);
    }
    const Token &expectIdent(const char *what) {
        if (peek().kind != Tok::Ident || isKeyword(peek().text))
            syntaxError(peek().loc, std::string("expected ") + what + " but found " + describe(peek()));
        return next();
    }
    static bool isKeyword(const std::string &s) {
        static const std::set<std::string> kw = {
            "module", "endmodule", "begin", "end", "if", "else", "for", "while", "parameter",
            "localparam", "real", "integer", "analog", "inout", "input", "output", "branch",
            "ground", "from", "exclude", "case", "endcase", "default", "function", "endfunction"};
        return kw.count(s) > 0;
    }

    // (* name = "value", ... *): only desc, units and type are kept.
    Attributes skipAttributes() {
        Attributes a;
        while (peek().isPunct("(*")) {
            next();
            while (!peek().isPunct("*)")) {
                if (peek().kind == Tok::End) syntaxError(peek().loc, "unterminated attribute '(*'");
                const Token &key = expectIdent("an attribute name");
                if (acceptPunct("=")) {
                    const Token &v = next();
                    if (v.kind == Tok::String) {
                        if (key.text == "desc") a.desc = v.text;
                        if (key.text == "units") a.units = v.text;
                        if (key.text == "type") a.type = v.text;
                    } else if (v.kind != Tok::Number && v.kind != Tok::Ident) {
                        syntaxError(v.loc, "expected an attribute value but found " + describe(v));
                    }
                }
                if (!acceptPunct(",") && !peek().isPunct("*)"))
                    syntaxError(peek().loc, "expected ',' or '*)' in attribute but found " + describe(peek()));
            }
            next();
        }
        return a;
    }

    // ---- module level ----
    Module parseModule() {
        Module m;
        m.loc = peek().loc;
        m.name = expectIdent("a module name").text;
        if (peek().isPunct("#")) unsupported(peek().loc, "module parameter port list '#('");
        if (acceptPunct("(")) {
            if (!peek().isPunct(")")) {
                Direction dir = Direction::None;
                bool disc = false;
                do {
                    // ANSI style: [direction] [discipline] name
                    if (Direction d = direction(peek().text); d != Direction::None && peek().kind == Tok::Ident) {
                        next();
                        dir = d;
                        disc = false;
                    }
                    if (peek().isIdent("electrical")) {
                        next();
                        disc = true;
                    } else if (peek().kind == Tok::Ident && kOtherDisciplines.count(peek().text)) {
                        unsupported(peek().loc, "discipline '" + peek().text + "'");
                    }
                    const Token &n = expectIdent("a port name");
                    m.ports.push_back({n.text, n.loc});
                    if (dir != Direction::None || disc) {
                        NetDecl d;
                        d.name = n.text;
                        d.loc = n.loc;
                        d.dir = dir;
                        d.hasDiscipline = disc;
                        m.nets.push_back(d);
                    }
                } while (acceptPunct(","));
            }
            expectPunct(")", "to close the port list");
        }
        expectPunct(";", "after the module header");
        while (!peek().isIdent("endmodule")) {
            if (peek().kind == Tok::End) syntaxError(peek().loc, "missing 'endmodule'");
            parseItem(m);
        }
        next();
        return m;
    }

    static Direction direction(const std::string &s) {
        if (s == "inout") return Direction::Inout;
        if (s == "input") return Direction::Input;
        if (s == "output") return Direction::Output;
        return Direction::None;
    }

    void parseItem(Module &m) {
        Attributes attrs = skipAttributes();
        const Token &t = peek();
        if (t.kind != Tok::Ident) {
            if (t.kind == Tok::SysIdent) unsupported(t.loc, t.text + " outside an analog block");
            syntaxError(t.loc, "expected a declaration or 'analog' but found " + describe(t));
        }
        const std::string &k = t.text;
        if (Direction d = direction(k); d != Direction::None) {
            next();
            bool disc = acceptIdent("electrical");
            netList(m, [&](NetDecl &n) { n.dir = d; n.hasDiscipline = disc; });
        } else if (k == "electrical") {
            next();
            if (peek().isPunct("[")) unsupported(peek().loc, "vector net");
            netList(m, [&](NetDecl &n) { n.hasDiscipline = true; });
        } else if (k == "ground") {
            next();
            if (peek().isIdent("electrical")) next();
            netList(m, [&](NetDecl &n) { n.isGround = true; n.hasDiscipline = true; });
        } else if (k == "parameter" || k == "localparam") {
            next();
            parseParams(m, k == "localparam", attrs);
        } else if (k == "real" || k == "integer") {
            next();
            parseVars(m, k == "integer" ? Type::Int : Type::Real);
        } else if (k == "branch") {
            next();
            parseBranch(m);
        } else if (k == "analog") {
            next();
            if (peek().isIdent("initial")) unsupported(peek().loc, "analog initial");
            if (peek().isIdent("function")) unsupported(peek().loc, "analog function");
            m.analog.push_back(parseStatement(m));
        } else if (kOtherDisciplines.count(k)) {
            unsupported(t.loc, "discipline '" + k + "'");
        } else if (kUnsupportedItems.count(k)) {
            unsupported(t.loc, k);
        } else if (peek(1).isPunct("#") || (peek(1).kind == Tok::Ident && peek(2).isPunct("("))) {
            unsupported(t.loc, "module instantiation");
        } else if (peek(1).kind == Tok::Ident) {
            semanticError(t.loc, "unknown discipline '" + k + "' (only electrical is supported)");
        } else {
            syntaxError(t.loc, "expected a declaration or 'analog' but found " + describe(t));
        }
    }

    template <class F>
    void netList(Module &m, F set) {
        do {
            const Token &n = expectIdent("a net name");
            if (peek().isPunct("[")) unsupported(peek().loc, "vector net");
            NetDecl d;
            d.name = n.text;
            d.loc = n.loc;
            set(d);
            m.nets.push_back(d);
        } while (acceptPunct(","));
        expectPunct(";", "after the net declaration");
    }

    void parseParams(Module &m, bool local, const Attributes &attrs) {
        Type type = Type::Real;
        bool typeGiven = false;
        if (acceptIdent("real")) {
            typeGiven = true;
        } else if (acceptIdent("integer")) {
            type = Type::Int;
            typeGiven = true;
        } else if (peek().isIdent("string")) {
            unsupported(peek().loc, "string parameter");
        }
        if (peek().isPunct("[")) unsupported(peek().loc, "parameter array or range");
        do {
            ParamDecl p;
            const Token &n = expectIdent("a parameter name");
            p.name = n.text;
            p.loc = n.loc;
            p.type = type;
            p.typeGiven = typeGiven;
            p.local = local;
            p.attrs = attrs;
            if (peek().isPunct("[")) unsupported(peek().loc, "parameter array");
            expectPunct("=", "after the parameter name");
            p.def = parseExpr();
            while (peek().isIdent("from") || peek().isIdent("exclude")) p.ranges.push_back(parseRange());
            m.params.push_back(std::move(p));
        } while (acceptPunct(","));
        expectPunct(";", "after the parameter declaration");
    }

    // from [lo:hi] | from (lo:hi) | exclude value | exclude [lo:hi]; inf and -inf allowed.
    RangeSpec parseRange() {
        RangeSpec r;
        r.loc = peek().loc;
        size_t start = pos_;
        r.exclude = next().text == "exclude";
        auto bound = [&](bool lower) -> ExprPtr {
            if (peek().isIdent("inf")) {
                next();
                return nullptr;
            }
            if (lower && peek().isPunct("-") && peek(1).isIdent("inf")) {
                next(), next();
                return nullptr;
            }
            return parseExpr();
        };
        if (peek().isPunct("[") || peek().isPunct("(")) {
            r.loInclusive = next().text == "[";
            r.lo = bound(true);
            if (r.exclude && !r.loInclusive && peek().isPunct(")")) {
                // exclude (value): a parenthesised single value
                next();
                r.single = true;
                r.hi = nullptr;
            } else {
                expectPunct(":", "in the range");
                r.hi = bound(false);
                if (peek().isPunct("]")) {
                    r.hiInclusive = true;
                } else if (peek().isPunct(")")) {
                    r.hiInclusive = false;
                } else {
                    syntaxError(peek().loc, "expected ']' or ')' to close the range but found " + describe(peek()));
                }
                next();
            }
        } else if (r.exclude) {
            r.single = true;
            r.lo = parseExpr();
        } else {
            syntaxError(peek().loc, "expected '[' or '(' after 'from' but found " + describe(peek()));
        }
        if (r.single && !r.lo) syntaxError(r.loc, "'exclude inf' is not a value");
        for (size_t i = start; i < pos_; ++i) r.text += (i == start + 1 ? " " : "") + t_[i].text;
        return r;
    }

    void parseVars(Module &m, Type type) {
        do {
            const Token &n = expectIdent("a variable name");
            if (peek().isPunct("[")) unsupported(peek().loc, "array variable");
            VarDecl v;
            v.name = n.text;
            v.loc = n.loc;
            v.type = type;
            if (acceptPunct("=")) v.init = parseExpr();
            m.vars.push_back(std::move(v));
        } while (acceptPunct(","));
        expectPunct(";", "after the variable declaration");
    }

    void parseBranch(Module &m) {
        expectPunct("(", "after 'branch'");
        const Token &a = expectIdent("a node name");
        std::string b;
        SourceLoc bLoc;
        if (acceptPunct(",")) {
            const Token &bt = expectIdent("a node name");
            b = bt.text;
            bLoc = bt.loc;
        }
        expectPunct(")", "to close the branch nodes");
        do {
            const Token &n = expectIdent("a branch name");
            BranchDecl d;
            d.name = n.text;
            d.loc = n.loc;
            d.a = a.text;
            d.aLoc = a.loc;
            d.b = b;
            d.bLoc = bLoc;
            m.branches.push_back(d);
        } while (acceptPunct(","));
        expectPunct(";", "after the branch declaration");
    }

    // ---- statements ----
    StmtPtr parseStatement(Module &m) {
        skipAttributes();
        const Token &t = peek();
        SourceLoc loc = t.loc;
        if (t.isPunct(";")) {
            next();
            return std::make_unique<Stmt>(StmtKind::Empty, loc);
        }
        if (t.isPunct("@")) unsupported(loc, "event control '@'");
        if (t.isPunct("#")) unsupported(loc, "delay control '#'");
        if (t.kind == Tok::SysIdent) unsupported(loc, t.text);  // $strobe, $bound_step, ...
        if (t.kind != Tok::Ident) syntaxError(loc, "expected a statement but found " + describe(t));
        const std::string &k = t.text;
        if (k == "begin") {
            next();
            auto s = std::make_unique<Stmt>(StmtKind::Block, loc);
            if (acceptPunct(":")) expectIdent("a block name");
            while (!peek().isIdent("end")) {
                if (peek().kind == Tok::End) syntaxError(loc, "'begin' without matching 'end'");
                if (peek().isIdent("real") || peek().isIdent("integer")) {
                    Type ty = next().text == "integer" ? Type::Int : Type::Real;
                    parseVars(m, ty);
                    continue;
                }
                if (peek().isIdent("parameter") || peek().isIdent("localparam"))
                    unsupported(peek().loc, "parameter declaration inside a block");
                if (peek().isIdent("endmodule")) syntaxError(peek().loc, "missing 'end' before 'endmodule' (block opened at line " + std::to_string(loc.line) + ")");
                s->body.push_back(parseStatement(m));
            }
            next();
            return s;
        }
        if (k == "if") {
            next();
            auto s = std::make_unique<Stmt>(StmtKind::If, loc);
            expectPunct("(", "after 'if'");
            s->cond = parseExpr();
            expectPunct(")", "to close the if condition");
            s->thenS = parseStatement(m);
            if (acceptIdent("else")) s->elseS = parseStatement(m);
            return s;
        }
        if (k == "else") syntaxError(loc, "'else' without 'if'");
        if (k == "for") {
            next();
            auto s = std::make_unique<Stmt>(StmtKind::For, loc);
            expectPunct("(", "after 'for'");
            s->init = parseAssignment(false);
            expectPunct(";", "after the for-loop initialisation");
            s->cond = parseExpr();
            expectPunct(";", "after the for-loop condition");
            s->step = parseAssignment(false);
            expectPunct(")", "to close the for-loop header");
            s->thenS = parseStatement(m);
            return s;
        }
        if (k == "while") {
            next();
            auto s = std::make_unique<Stmt>(StmtKind::While, loc);
            expectPunct("(", "after 'while'");
            s->cond = parseExpr();
            expectPunct(")", "to close the while condition");
            s->thenS = parseStatement(m);
            return s;
        }
        if (kUnsupportedStatements.count(k)) unsupported(loc, k);
        if (isKeyword(k)) syntaxError(loc, "expected a statement but found " + describe(t));
        // Contribution: an access function call followed by <+
        if (peek(1).isPunct("(")) {
            ExprPtr target = parsePrimary();
            if (!peek().isPunct("<+")) {
                if (peek().isPunct("=")) syntaxError(peek().loc, "cannot assign to '" + target->name + "(...)'; use '<+' for a contribution");
                syntaxError(peek().loc, "expected '<+' after '" + target->name + "(...)' but found " + describe(peek()));
            }
            next();
            auto s = std::make_unique<Stmt>(StmtKind::Contrib, loc);
            s->target = std::move(target);
            s->rhs = parseExpr();
            expectPunct(";", "after the contribution");
            return s;
        }
        auto s = parseAssignment(true);
        expectPunct(";", "after the assignment");
        return s;
    }

    StmtPtr parseAssignment(bool statement) {
        const Token &n = expectIdent("a variable name");
        auto s = std::make_unique<Stmt>(StmtKind::Assign, n.loc);
        s->lhs = n.text;
        s->lhsLoc = n.loc;
        if (peek().isPunct("[")) unsupported(peek().loc, "array indexing");
        if (peek().isPunct("<=")) unsupported(peek().loc, "non-blocking assignment '<='");
        if (!peek().isPunct("=")) {
            if (statement && (peek().isPunct("+") || peek().isPunct("-")) && peek(1).isPunct(peek().text.c_str()))
                unsupported(peek().loc, peek().text + peek().text);
            syntaxError(peek().loc, "expected '=' after '" + n.text + "' but found " + describe(peek()));
        }
        next();
        s->rhs = parseExpr();
        return s;
    }

    // ---- expressions (Verilog precedence) ----
    ExprPtr parseExpr() { return parseTernary(); }

    ExprPtr parseTernary() {
        ExprPtr c = parseBinary(0);
        if (peek().isPunct("?")) {
            SourceLoc loc = next().loc;
            auto e = std::make_unique<Expr>(ExprKind::Ternary, loc);
            e->args.push_back(std::move(c));
            e->args.push_back(parseTernary());
            expectPunct(":", "in the conditional expression");
            e->args.push_back(parseTernary());
            return e;
        }
        return c;
    }

    static int precedence(const Token &t) {
        if (t.kind != Tok::Punct) return -1;
        const std::string &o = t.text;
        if (o == "||") return 1;
        if (o == "&&") return 2;
        if (o == "|") return 3;
        if (o == "^") return 4;
        if (o == "&") return 5;
        if (o == "==" || o == "!=" || o == "===" || o == "!==") return 6;
        if (o == "<" || o == "<=" || o == ">" || o == ">=") return 7;
        if (o == "<<" || o == ">>" || o == "<<<" || o == ">>>") return 8;
        if (o == "+" || o == "-") return 9;
        if (o == "*" || o == "/" || o == "%") return 10;
        if (o == "**") return 11;
        return -1;
    }

    ExprPtr parseBinary(int minPrec) {
        ExprPtr lhs = parseUnary();
        for (;;) {
            const Token &op = peek();
            int p = precedence(op);
            if (p < 0 || p < minPrec) return lhs;
            static const std::set<std::string> kBitwise = {"|", "^", "&", "<<", ">>", "<<<", ">>>", "===", "!=="};
            if (kBitwise.count(op.text)) unsupported(op.loc, "operator '" + op.text + "'");
            next();
            // ** is right-associative, the others left-associative.
            ExprPtr rhs = parseBinary(op.text == "**" ? p : p + 1);
            auto e = std::make_unique<Expr>(ExprKind::Binary, op.loc);
            e->name = op.text;
            e->args.push_back(std::move(lhs));
            e->args.push_back(std::move(rhs));
            lhs = std::move(e);
        }
    }

    ExprPtr parseUnary() {
        const Token &t = peek();
        if (t.isPunct("-") || t.isPunct("+") || t.isPunct("!")) {
            next();
            auto e = std::make_unique<Expr>(ExprKind::Unary, t.loc);
            e->name = t.text;
            // Unary binds tighter than everything but **: -x**2 is -(x**2).
            ExprPtr operand = parseUnary();
            if (peek().isPunct("**")) {
                SourceLoc l = next().loc;
                auto p = std::make_unique<Expr>(ExprKind::Binary, l);
                p->name = "**";
                p->args.push_back(std::move(operand));
                p->args.push_back(parseBinary(11));
                operand = std::move(p);
            }
            e->args.push_back(std::move(operand));
            return e;
        }
        if (t.isPunct("~") || t.isPunct("&") || t.isPunct("|") || t.isPunct("^"))
            unsupported(t.loc, "operator '" + t.text + "'");
        return parsePrimary();
    }

    std::vector<ExprPtr> parseArgs() {
        std::vector<ExprPtr> args;
        expectPunct("(");
        if (!peek().isPunct(")")) {
            do {
                if (peek().isPunct(",") || peek().isPunct(")"))
                    syntaxError(peek().loc, "expected an argument but found " + describe(peek()));
                args.push_back(parseExpr());
            } while (acceptPunct(","));
        }
        expectPunct(")", "to close the argument list");
        return args;
    }

    ExprPtr parsePrimary() {
        const Token &t = peek();
        switch (t.kind) {
        case Tok::Number: {
            next();
            auto e = std::make_unique<Expr>(ExprKind::Number, t.loc);
            e->num = t.num;
            e->isInt = t.isInt;
            e->name = t.text;
            return e;
        }
        case Tok::String: {
            next();
            auto e = std::make_unique<Expr>(ExprKind::String, t.loc);
            e->name = t.text;
            return e;
        }
        case Tok::SysIdent: {
            next();
            auto e = std::make_unique<Expr>(ExprKind::SysCall, t.loc);
            e->name = t.text;
            if (peek().isPunct("(")) e->args = parseArgs();
            return e;
        }
        case Tok::Ident: {
            if (isKeyword(t.text)) syntaxError(t.loc, "expected an expression but found " + describe(t));
            next();
            if (peek().isPunct("[")) unsupported(peek().loc, "array indexing");
            // Refuse known operators before their (possibly exotic) arguments.
            if (peek().isPunct("(") && unsupportedFunctions().count(t.text)) unsupported(t.loc, t.text);
            if (peek().isPunct("(")) {
                auto e = std::make_unique<Expr>(ExprKind::Call, t.loc);
                e->name = t.text;
                e->args = parseArgs();
                return e;
            }
            auto e = std::make_unique<Expr>(ExprKind::Ident, t.loc);
            e->name = t.text;
            return e;
        }
        case Tok::Punct:
            if (t.isPunct("(")) {
                next();
                ExprPtr e = parseExpr();
                expectPunct(")", "to close the parenthesis");
                return e;
            }
            if (t.isPunct("{")) unsupported(t.loc, "concatenation '{'");
            if (t.isPunct("'")) unsupported(t.loc, "based or sized integer literal");
            break;
        default:
            break;
        }
        syntaxError(t.loc, "expected an expression but found " + describe(t));
    }

    const std::vector<Token> &t_;
    size_t pos_ = 0;
};

}  // namespace

Module parse(const std::vector<Token> &tokens) { return Parser(tokens).run(); }

}  // namespace va
