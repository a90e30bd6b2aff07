// Parser and semantic checks: malformed input gives file:line[:col] errors,
// constructs outside the subset are refused by name.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "compiler.h"
#include "diagnostics.h"
#include "support/workdir.h"

namespace {

// Body on line 6, declarations on line 4.
std::string wrap(const std::string &body, const std::string &decls = "") {
    return "module m(p, n);\n"
           "  inout p, n;\n"
           "  electrical p, n;\n"
           "  " + decls + "\n"
           "  analog begin\n"
           "    " + body + "\n"
           "  end\n"
           "endmodule\n";
}

// The error message of translating `src`, or "" if it translates.
std::string errorOf(const std::string &src, const std::string &file = "t.va") {
    try {
        (void)va::translateText(src, file);
    } catch (const va::CompileError &e) {
        return e.what();
    }
    return "";
}

std::string readFile(const std::string &path) {
    std::ifstream in(path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

TEST_CASE("all test models translate") {
    for (std::string m : {"resistor", "diode", "tlmul", "tlmuli", "logint", "vcvs", "inductor", "features", "tcres", "sine"}) {
        CAPTURE(m);
        std::string path = testing::modelPath(m + ".va");
        CHECK(errorOf(readFile(path), path) == "");
    }
}

TEST_CASE("syntax errors carry file line and column") {
    CHECK(errorOf(wrap("I(p, n) <+ V(p, n)")) == "t.va:6:23: expected ';' after the contribution but found 'end'");
    CHECK(errorOf(wrap("x = (1 + ;", "real x;")) == "t.va:6:14: expected an expression but found ';'");
    CHECK(errorOf(wrap("I(p, n) = 1.0;")) == "t.va:6:13: cannot assign to 'I(...)'; use '<+' for a contribution");
    CHECK(errorOf(wrap("if (1) x = 1; else else x = 2;", "real x;")) == "t.va:6:24: 'else' without 'if'");
    CHECK(errorOf("module m(p);\n  electrical p;\n  analog begin\n    I(p) <+ 1.0;\n") ==
          "t.va:3:10: 'begin' without matching 'end'");
    CHECK(errorOf("module m(p);\n  electrical p;\n  analog I(p) <+ 1.0;\n") == "t.va:4:1: missing 'endmodule'");
    CHECK(errorOf(wrap("x = 1.5q;", "real x;")) == "t.va:6:12: invalid character 'q' in number");
    CHECK(errorOf(wrap("x = 1 \\ 2;", "real x;")).rfind("t.va:6:", 0) == 0);
    CHECK(errorOf(wrap("x = \"abc;", "real x;")) == "t.va:6:9: unterminated string");
    CHECK(errorOf("/* never closed\nmodule m(p);") == "t.va:1:1: unterminated comment");
    CHECK(errorOf("") == "t.va:1:1: expected 'module' but the file is empty");
    CHECK(errorOf(wrap("I(p) <+ 1;", "parameter real r = ;")) == "t.va:4:22: expected an expression but found ';'");
    CHECK(errorOf(wrap("I(p) <+ 1;", "parameter real r = 1 from [0:1;")) ==
          "t.va:4:33: expected ']' or ')' to close the range but found ';'");
}

TEST_CASE("semantic errors carry file line and column") {
    CHECK(errorOf(wrap("I(p, n) <+ V(p, n) / q;")) == "t.va:6:26: undeclared identifier 'q'");
    CHECK(errorOf(wrap("r = 2;", "parameter real r = 1;")) == "t.va:6:5: cannot assign to parameter 'r'");
    CHECK(errorOf(wrap("y = 2;")) == "t.va:6:5: undeclared variable 'y'");
    CHECK(errorOf(wrap("I(p, q) <+ 1;")) == "t.va:6:10: undeclared node 'q'");
    CHECK(errorOf(wrap("I(p) <+ p;")) == "t.va:6:13: node 'p' cannot be used as a value; probe it with V(p)");
    CHECK(errorOf(wrap("I(p) <+ exp(1, 2);")) == "t.va:6:13: exp() takes 1 argument but 2 given");
    CHECK(errorOf(wrap("I(p) <+ foo(1);")) == "t.va:6:13: unknown function 'foo'");
    CHECK(errorOf(wrap("I(p) <+ 1;", "parameter real a = b; parameter real b = 1;")) ==
          "t.va:4:22: parameter 'b' is used before its declaration");
    CHECK(errorOf(wrap("I(p) <+ 1;", "parameter real a = V(p);")) ==
          "t.va:4:22: probe V() is not allowed in a parameter declaration");
    CHECK(errorOf(wrap("I(p) <+ 1;", "real x; real x;")) == "t.va:4:16: 'x' is already declared (line 4)");
    CHECK(errorOf("module m(p, n);\n  electrical p;\n  analog I(p) <+ 1;\nendmodule\n") ==
          "t.va:1:13: port 'n' has no discipline (declare it 'electrical')");
    CHECK(errorOf(wrap("I(p) <+ 1;", "thermal t;")) == "t.va:4: unsupported construct 'discipline 'thermal''");
    CHECK(errorOf(wrap("I(p) <+ 1;", "magnet t;")) == "t.va:4:3: unknown discipline 'magnet' (only electrical is supported)");
    CHECK(errorOf(wrap("I(p) <+ `P_Q;")) ==
          "t.va:6:13: undefined macro '`P_Q' (did you forget `include \"constants.vams\"?)");
    CHECK(errorOf(wrap("I(p, p) <+ 1;")) == "t.va:6:5: a branch needs two different nodes");
    CHECK(errorOf(wrap("I(p) <+ 1;", "parameter real r = 1 from [0:x];")) == "t.va:4:32: undeclared identifier 'x'");
    CHECK(errorOf(wrap("I(p) <+ $temperature;", "parameter real t = $temperature;")) ==
          "t.va:4:22: $temperature is not available in a parameter declaration");
}

TEST_CASE("errors in included files name that file") {
    std::string dir = testing::workDir();
    std::ofstream(dir + "/inc_bad.vams") << "`define GAIN 2.0\n`define BAD (1 +\nparameter real q = 1 +;\n";
    std::string err = errorOf(wrap("I(p) <+ `GAIN;", "`include \"inc_bad.vams\""), dir + "/main.va");
    CHECK(err == dir + "/inc_bad.vams:3:23: expected an expression but found ';'");
    CHECK(errorOf("`include \"nothere.vams\"\n", dir + "/main.va") ==
          dir + "/main.va:1:10: cannot open include file '" + dir + "/nothere.vams'");
}

TEST_CASE("unsupported constructs are refused by name") {
    struct Case {
        std::string src, construct;
        int line;
    };
    const Case cases[] = {
        {wrap("I(p) <+ idt(V(p));"), "idt", 6},
        {wrap("I(p) <+ white_noise(1.0);"), "white_noise", 6},
        {wrap("I(p) <+ flicker_noise(1.0, 1.0);"), "flicker_noise", 6},
        {wrap("I(p) <+ transition(V(p), 0, 1n);"), "transition", 6},
        {wrap("I(p) <+ laplace_nd(V(p), {1}, {1, 1});"), "laplace_nd", 6},
        {wrap("I(p) <+ absdelay(V(p), 1n);"), "absdelay", 6},
        {wrap("I(p) <+ ddx(V(p), V(p));"), "ddx", 6},
        {wrap("if (analysis(\"ac\")) I(p) <+ 1;"), "analysis", 6},
        {wrap("$strobe(\"x\");"), "$strobe", 6},
        {wrap("$display(\"x\");"), "$display", 6},
        {wrap("x = $limit(V(p), \"pnjlim\");", "real x;"), "$limit", 6},
        {wrap("$bound_step(1n);"), "$bound_step", 6},
        {wrap("x = $random;", "real x;"), "$random", 6},
        {wrap("@(initial_step) x = 1;", "real x;"), "event control '@'", 6},
        {wrap("case (1) 1: x = 1; endcase", "real x;"), "case", 6},
        {wrap("repeat (3) x = 1;", "real x;"), "repeat", 6},
        {wrap("I(p) <+ 1;", "parameter string s = \"a\";"), "string parameter", 4},
        {wrap("I(p) <+ 1;", "parameter real a[0:1] = {1, 2};"), "parameter array", 4},
        {wrap("I(p) <+ 1;", "real x[0:3];"), "array variable", 4},
        {wrap("I(p) <+ 1;", "integer i = 3 & 1;"), "operator '&'", 4},
        {wrap("I(p) <+ exp(ddt(V(p)));"), "ddt() inside exp()", 6},
        {wrap("I(p) <+ V(p) * ddt(V(p));"), "ddt() multiplied by a time-varying expression", 6},
        {wrap("I(p) <+ ddt(ddt(V(p)));"), "nested ddt()", 6},
        {wrap("if (ddt(V(p)) > 0) I(p) <+ 1;"), "ddt() in a condition", 6},
        {wrap("I(p, n) <+ 1; V(p, n) <+ 1;"), "current and voltage contributions to the same branch", 6},
        {wrap("I(p, n) <+ 1; x = I(p, n);", "real x;"), "current probe of a current-contributed branch", 6},
        {wrap("I(p) <+ 1;", "sub x1(p, n);"), "module instantiation", 4},
        {"module m(p);\n  electrical p;\n  analog function real f;\n  endfunction\nendmodule\n", "analog function", 3},
        {"module m(p);\n  electrical p;\n  analog initial x = 1;\nendmodule\n", "analog initial", 3},
        {"module a(p);\nelectrical p;\nendmodule\nmodule b(p);\nelectrical p;\nendmodule\n", "more than one module per file", 4},
        {"`define F(x) x\nmodule m(p);\nendmodule\n", "`define with arguments", 1},
        {"`timescale 1ns/1ps\nmodule m(p);\nendmodule\n", "`timescale", 1},
    };
    for (const Case &c : cases) {
        CAPTURE(c.src);
        CHECK(errorOf(c.src) == "t.va:" + std::to_string(c.line) + ": unsupported construct '" + c.construct + "'");
    }
}

TEST_CASE("the supported subset translates") {
    const char *ok[] = {
        // ternary, integer arithmetic, loops, named blocks with declarations
        "x = V(p) > 0 ? V(p) : -V(p); for (i = 0; i < 3; i = i + 1) x = x + i % 2; I(p) <+ x;",
        "begin : blk real y; y = 2; while (y > 0) y = y - 1; I(p) <+ y; end",
        // functions and system functions
        "I(p) <+ exp(V(p)) + ln(2) + log(10) + sqrt(4) + pow(V(p), 2) + min(1, 2) + max(V(p), 1) + abs(-1) + tanh(V(p)) + limexp(V(p));",
        "I(p) <+ $vt + $vt(300) + $temperature + $abstime + $mfactor + $simparam(\"gmin\", 1e-12);",
        "I(p) <+ $ln(2) + $log10(2) + $exp(1) + $sqrt(2) + $pow(2, 3) + atan2(1, 2) + hypot(3, 4);",
        "I(p) <+ 2 ** 3 + 2.0 ** 0.5 + (1 && 0) + (1 || 0) + !1 + (1 == 1) + (1 != 2) + (1 <= 2) + (1 >= 2);",
        // charges: sums, constant factors, via variables
        "q = ddt(V(p, n)) * 2 - ddt(V(p)) / 3; I(p, n) <+ q + ddt(V(p) * V(p));",
        "I(p, n) <+ (V(p) > 0 ? ddt(V(p)) : 2 * ddt(V(p)));",
        // voltage contributions, probes of their currents, named branches
        "V(br) <+ 2 * I(br) + V(n);",
    };
    for (const char *body : ok) {
        CAPTURE(body);
        CHECK(errorOf(wrap(body, "real x, q; integer i; branch (p, n) br;")) == "");
    }
}

TEST_CASE("ANSI ports and ground nets and single-node branches translate") {
    CHECK(errorOf("module m(inout electrical p, n, input electrical c);\n"
                  "  ground g;\n"
                  "  branch (c) bc;\n"
                  "  analog begin\n"
                  "    I(p, g) <+ V(c) * 1m + I(bc);\n"
                  "    I(n) <+ -V(p, n) / 1k;\n"
                  "  end\n"
                  "endmodule\n") == "");
    CHECK(errorOf("module m(inout electrical p);\n  analog I(p) <+ V(q);\nendmodule\n") ==
          "t.va:2:20: undeclared node 'q'");
}

TEST_CASE("the command line reports errors and exit codes") {
    std::string out;
    CHECK(testing::runCompiler(wrap("I(p) <+ idt(V(p));"), "cli_bad.va", out) == 1);
    CHECK(out == testing::workDir() + "/cli_bad.va:6: unsupported construct 'idt'\n");
    CHECK(testing::runCompiler(wrap("I(p) <+ V(p)"), "cli_syntax.va", out) == 1);
    CHECK(out == testing::workDir() + "/cli_syntax.va:6:17: expected ';' after the contribution but found 'end'\n");
    CHECK(testing::runCompiler(wrap("I(p) <+ V(p);"), "cli_ok.va", out) == 0);
    CHECK(out == "");
}

TEST_CASE("a module named like an ngspice built-in device gets a warning") {
    std::string out;
    std::string va = "module Diode(a, c);\n  electrical a, c;\n  analog I(a, c) <+ V(a, c);\nendmodule\n";
    CHECK(testing::runCompiler(va, "builtin_name.va", out) == 0);
    CHECK(out.find("warning: module name 'Diode' is also an ngspice built-in device") != std::string::npos);
}

TEST_CASE("malformed files on disk") {
    std::string out;
    va::CompileOptions o;
    o.input = std::string(VA2OSDI_BAD_DIR) + "/missing_end.va";
    o.output = testing::workDir() + "/missing_end.osdi";
    CHECK(va::compile(o, out) == 1);
    CHECK(out == o.input + ":12:1: missing 'end' before 'endmodule' (block opened at line 8)");
    o.input = std::string(VA2OSDI_BAD_DIR) + "/noise.va";
    CHECK(va::compile(o, out) == 1);
    CHECK(out == o.input + ":10: unsupported construct 'white_noise'");
    o.input = std::string(VA2OSDI_BAD_DIR) + "/does_not_exist.va";
    CHECK(va::compile(o, out) == 1);
    CHECK(out == o.input + ": cannot open file");
}
