#include "lexer.h"

#include <cctype>
#include <cmath>
#include <cstring>

namespace va {
namespace {

class Lexer {
public:
    Lexer(const std::string &text, const SourceLoc &start)
        : s_(text), line_(start.line), col_(start.col), file_(start.file) {}

    std::vector<Token> run() {
        std::vector<Token> out;
        for (;;) {
            skipSpaceAndComments();
            Token t;
            t.loc = here();
            if (pos_ >= s_.size()) {
                t.kind = Tok::End;
                out.push_back(t);
                return out;
            }
            char c = s_[pos_];
            if (std::isalpha((unsigned char)c) || c == '_') {
                t.kind = Tok::Ident;
                t.text = identChars();
            } else if (c == '$') {
                advance();
                t.kind = Tok::SysIdent;
                t.text = "$" + identChars();
                if (t.text == "$") syntaxError(t.loc, "expected a system function name after '$'");
            } else if (c == '`') {
                advance();
                t.kind = Tok::Directive;
                t.text = identChars();
                if (t.text.empty()) syntaxError(t.loc, "expected a directive name after '`'");
                // These take the rest of the line, which need not be valid tokens.
                if (t.text == "define" || t.text == "timescale" || t.text == "default_nettype") captureRestOfLine(t);
            } else if (std::isdigit((unsigned char)c) ||
                       (c == '.' && pos_ + 1 < s_.size() && std::isdigit((unsigned char)s_[pos_ + 1]))) {
                number(t);
            } else if (c == '"') {
                string(t);
            } else if (c == '\\') {
                unsupported(t.loc, "escaped identifier");
            } else {
                punct(t);
            }
            out.push_back(std::move(t));
        }
    }

private:
    SourceLoc here() const { return SourceLoc{file_, line_, col_}; }

    void advance() {
        if (s_[pos_] == '\n') {
            ++line_;
            col_ = 1;
        } else {
            ++col_;
        }
        ++pos_;
    }
    char peek(size_t k = 0) const { return pos_ + k < s_.size() ? s_[pos_ + k] : '\0'; }

    void skipSpaceAndComments() {
        while (pos_ < s_.size()) {
            char c = s_[pos_];
            if (std::isspace((unsigned char)c)) {
                advance();
            } else if (c == '/' && peek(1) == '/') {
                while (pos_ < s_.size() && s_[pos_] != '\n') advance();
            } else if (c == '/' && peek(1) == '*') {
                SourceLoc start = here();
                advance();
                advance();
                while (pos_ < s_.size() && !(s_[pos_] == '*' && peek(1) == '/')) advance();
                if (pos_ >= s_.size()) syntaxError(start, "unterminated comment");
                advance();
                advance();
            } else {
                return;
            }
        }
    }

    std::string identChars() {
        std::string r;
        while (pos_ < s_.size() && (std::isalnum((unsigned char)s_[pos_]) || s_[pos_] == '_' || s_[pos_] == '$')) {
            r += s_[pos_];
            advance();
        }
        return r;
    }

    // `define NAME body...: keep the raw rest of the line, honouring "\" continuations
    // and dropping // comments.
    void captureRestOfLine(Token &t) {
        while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t')) advance();
        t.rawLoc = here();
        while (pos_ < s_.size() && s_[pos_] != '\n') {
            if (s_[pos_] == '\\' && peek(1) == '\n') {
                t.raw += ' ';
                advance();
                advance();
                continue;
            }
            if (s_[pos_] == '/' && peek(1) == '/') {
                while (pos_ < s_.size() && s_[pos_] != '\n') advance();
                break;
            }
            t.raw += s_[pos_];
            advance();
        }
    }

    void number(Token &t) {
        t.kind = Tok::Number;
        size_t start = pos_;
        std::string digits;
        bool isInt = true;
        auto takeDigits = [&] {
            while (pos_ < s_.size() && (std::isdigit((unsigned char)s_[pos_]) || s_[pos_] == '_')) {
                if (s_[pos_] != '_') digits += s_[pos_];
                advance();
            }
        };
        takeDigits();
        if (peek() == '\'') unsupported(t.loc, "based or sized integer literal");
        if (peek() == '.' && std::isdigit((unsigned char)peek(1))) {
            isInt = false;
            digits += '.';
            advance();
            takeDigits();
        } else if (peek() == '.' && !std::isdigit((unsigned char)peek(1))) {
            syntaxError(here(), "expected digits after '.' in number");
        }
        if ((peek() == 'e' || peek() == 'E') &&
            (std::isdigit((unsigned char)peek(1)) ||
             ((peek(1) == '+' || peek(1) == '-') && std::isdigit((unsigned char)peek(2))))) {
            isInt = false;
            digits += 'e';
            advance();
            if (peek() == '+' || peek() == '-') {
                digits += peek();
                advance();
            }
            takeDigits();
        }
        double scale = 1.0;
        static const char *kScaleChars = "TGMKkmunpfa";
        static const double kScales[] = {1e12, 1e9, 1e6, 1e3, 1e3, 1e-3, 1e-6, 1e-9, 1e-12, 1e-15, 1e-18};
        if (peek() != '\0' && std::strchr(kScaleChars, peek()) &&
            !(std::isalnum((unsigned char)peek(1)) || peek(1) == '_')) {
            scale = kScales[std::strchr(kScaleChars, peek()) - kScaleChars];
            isInt = false;
            advance();
        }
        if (std::isalpha((unsigned char)peek()) || peek() == '_')
            syntaxError(here(), "invalid character '" + std::string(1, peek()) + "' in number");
        t.text = s_.substr(start, pos_ - start);
        t.num = std::strtod(digits.c_str(), nullptr) * scale;
        t.isInt = isInt;
        if (isInt && t.num > 2147483647.0) syntaxError(t.loc, "integer literal too large");
    }

    void string(Token &t) {
        t.kind = Tok::String;
        advance();
        while (pos_ < s_.size() && s_[pos_] != '"') {
            if (s_[pos_] == '\n') syntaxError(t.loc, "unterminated string");
            if (s_[pos_] == '\\' && pos_ + 1 < s_.size()) {
                advance();
                char e = s_[pos_];
                t.text += e == 'n' ? '\n' : e == 't' ? '\t' : e;
            } else {
                t.text += s_[pos_];
            }
            advance();
        }
        if (pos_ >= s_.size()) syntaxError(t.loc, "unterminated string");
        advance();
    }

    void punct(Token &t) {
        t.kind = Tok::Punct;
        static const char *kThree[] = {"===", "!==", "<<<", ">>>"};
        static const char *kTwo[] = {"<+", "<=", ">=", "==", "!=", "&&", "||", "**", "(*", "*)", "<<", ">>", "->"};
        for (const char *p : kThree)
            if (s_.compare(pos_, 3, p) == 0) {
                t.text = p;
                advance(), advance(), advance();
                return;
            }
        for (const char *p : kTwo)
            if (s_.compare(pos_, 2, p) == 0) {
                // "(*)" is the event wildcard, not an attribute opener.
                if (std::strcmp(p, "(*") == 0 && peek(2) == ')') break;
                t.text = p;
                advance(), advance();
                return;
            }
        char c = s_[pos_];
        if (!std::strchr("()[]{},;:?=<>+-*/%!~&|^@#.'", c))
            syntaxError(t.loc, std::string("unexpected character '") + c + "'");
        t.text = std::string(1, c);
        advance();
    }

    const std::string &s_;
    size_t pos_ = 0;
    int line_, col_;
    std::string file_;
};

}  // namespace

std::vector<Token> lex(const std::string &text, const SourceLoc &start) {
    return Lexer(text, start).run();
}

}  // namespace va
