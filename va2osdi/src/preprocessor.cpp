#include "preprocessor.h"

#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

namespace va {

const std::vector<std::pair<std::string, std::string>> &builtinConstants() {
    // Values of the Verilog-AMS LRM 2.4 constants.vams.
    static const std::vector<std::pair<std::string, std::string>> k = {
        {"M_E", "2.7182818284590452354"},     {"M_LOG2E", "1.4426950408889634074"},
        {"M_LOG10E", "0.43429448190325182765"}, {"M_LN2", "0.69314718055994530942"},
        {"M_LN10", "2.30258509299404568402"}, {"M_PI", "3.14159265358979323846"},
        {"M_TWO_PI", "6.28318530717958647652"}, {"M_PI_2", "1.57079632679489661923"},
        {"M_PI_4", "0.78539816339744830962"}, {"M_1_PI", "0.31830988618379067154"},
        {"M_2_PI", "0.63661977236758134308"}, {"M_2_SQRTPI", "1.12837916709551257390"},
        {"M_SQRT2", "1.41421356237309504880"}, {"M_SQRT1_2", "0.70710678118654752440"},
        {"P_Q", "1.602176462e-19"},           {"P_C", "2.99792458e8"},
        {"P_K", "1.3806503e-23"},             {"P_H", "6.62606876e-34"},
        {"P_EPS0", "8.854187817e-12"},        {"P_U0", "(4.0e-7 * 3.14159265358979323846)"},
        {"P_CELSIUS0", "273.15"},
    };
    return k;
}

namespace {

std::string readFile(const std::string &path, const SourceLoc *from) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (from) semanticError(*from, "cannot open include file '" + path + "'");
        throw CompileError(CompileError::Kind::Semantic, SourceLoc{path, 0, 0}, "cannot open file");
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string dirOf(const std::string &path) {
    auto slash = path.find_last_of('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

std::string baseOf(const std::string &path) {
    auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

class Preprocessor {
public:
    std::vector<Token> run(const std::string &text, const std::string &file) {
        process(lex(text, SourceLoc{file, 1, 1}), file, 0);
        if (!conds_.empty()) syntaxError(condLocs_.back(), "`ifdef/`ifndef without matching `endif");
        Token end;
        end.kind = Tok::End;
        end.loc = lastLoc_;
        out_.push_back(end);
        return std::move(out_);
    }

private:
    bool active() const {
        for (bool c : conds_)
            if (!c) return false;
        return true;
    }

    void process(const std::vector<Token> &toks, const std::string &file, int depth) {
        for (size_t i = 0; i < toks.size(); ++i) {
            const Token &t = toks[i];
            if (t.kind == Tok::End) {
                lastLoc_ = t.loc;
                break;
            }
            if (t.kind != Tok::Directive) {
                if (active()) out_.push_back(t);
                continue;
            }
            const std::string &d = t.text;
            auto nameArg = [&]() -> const Token & {
                if (i + 1 >= toks.size() || toks[i + 1].kind != Tok::Ident)
                    syntaxError(t.loc, "expected a macro name after `" + d);
                return toks[++i];
            };
            if (d == "ifdef" || d == "ifndef") {
                const Token &n = nameArg();
                bool def = macros_.count(n.text) > 0;
                conds_.push_back(d == "ifdef" ? def : !def);
                condLocs_.push_back(t.loc);
            } else if (d == "else") {
                if (conds_.empty()) syntaxError(t.loc, "`else without `ifdef");
                conds_.back() = !conds_.back();
            } else if (d == "endif") {
                if (conds_.empty()) syntaxError(t.loc, "`endif without `ifdef");
                conds_.pop_back();
                condLocs_.pop_back();
            } else if (!active()) {
                continue;
            } else if (d == "include") {
                if (i + 1 >= toks.size() || toks[i + 1].kind != Tok::String)
                    syntaxError(t.loc, "expected a quoted file name after `include");
                include(toks[++i], file, depth);
            } else if (d == "define") {
                define(t);
            } else if (d == "undef") {
                macros_.erase(nameArg().text);
            } else if (d == "timescale" || d == "resetall" || d == "celldefine" ||
                       d == "endcelldefine" || d == "default_nettype" || d == "elsif") {
                unsupported(t.loc, "`" + d);
            } else {
                expand(t, depth);
            }
        }
    }

    void include(const Token &nameTok, const std::string &file, int depth) {
        if (depth > 32) semanticError(nameTok.loc, "`include nested too deeply");
        std::string base = baseOf(nameTok.text);
        if (base == "constants.vams") {
            for (auto &kv : builtinConstants()) {
                auto body = lex(kv.second, SourceLoc{"constants.vams", 1, 1});
                body.pop_back();  // End token
                macros_[kv.first] = std::move(body);
            }
            return;
        }
        if (base == "disciplines.vams") return;  // electrical is built in
        std::string path = nameTok.text;
        if (path.empty() || path[0] != '/') path = dirOf(file) + path;
        std::string text = readFile(path, &nameTok.loc);
        process(lex(text, SourceLoc{path, 1, 1}), path, depth + 1);
    }

    void define(const Token &t) {
        const std::string &raw = t.raw;
        size_t n = 0;
        while (n < raw.size() && (std::isalnum((unsigned char)raw[n]) || raw[n] == '_')) ++n;
        if (n == 0) syntaxError(t.rawLoc, "expected a macro name after `define");
        std::string name = raw.substr(0, n);
        if (n < raw.size() && raw[n] == '(') unsupported(t.loc, "`define with arguments");
        SourceLoc bodyLoc = t.rawLoc;
        bodyLoc.col += (int)n;
        auto body = lex(raw.substr(n), bodyLoc);
        body.pop_back();  // End token
        for (auto &b : body)
            if (b.kind == Tok::Directive && b.text == "define")
                syntaxError(b.loc, "`define inside a macro body");
        macros_[name] = std::move(body);
    }

    void expand(const Token &use, int depth) {
        auto it = macros_.find(use.text);
        if (it == macros_.end()) {
            bool isConst = false;
            for (auto &kv : builtinConstants()) isConst |= kv.first == use.text;
            std::string hint = isConst ? " (did you forget `include \"constants.vams\"?)" : "";
            semanticError(use.loc, "undefined macro '`" + use.text + "'" + hint);
        }
        if (depth > 32) semanticError(use.loc, "macro expansion nested too deeply");
        for (Token t : it->second) {
            t.loc = use.loc;  // report errors at the use site
            if (t.kind == Tok::Directive) {
                expand(t, depth + 1);
            } else {
                out_.push_back(t);
            }
        }
    }

    std::map<std::string, std::vector<Token>> macros_;
    std::vector<bool> conds_;
    std::vector<SourceLoc> condLocs_;
    std::vector<Token> out_;
    SourceLoc lastLoc_;
};

}  // namespace

std::vector<Token> preprocessText(const std::string &text, const std::string &file) {
    return Preprocessor().run(text, file);
}

std::vector<Token> preprocessFile(const std::string &path) {
    return preprocessText(readFile(path, nullptr), path);
}

}  // namespace va
