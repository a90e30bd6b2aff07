// End to end: compile each model, load it into ngspice 46 with pre_osdi,
// and compare DC, AC and transient results with analytic formulas and with
// reference circuits (built-in elements or B-sources) simulated in the same
// netlist.
#include <doctest/doctest.h>

#include <cmath>
#include <complex>
#include <cstdio>
#include <functional>

#include "support/spice.h"
#include "support/workdir.h"

using testing::Table;

namespace {

// Boltzmann/charge from the LRM 2.4 constants, as used by $vt.
const double kVt300 = 300.15 * 1.3806503e-23 / 1.602176462e-19;

// Tight tolerances so that DUT/reference differences show the model, not
// the Newton stopping criterion.
const char *kOptions = ".options reltol=1e-7 abstol=1e-16 vntol=1e-10 chgtol=1e-20\n";

struct Analyses {
    std::string dc, ac, tran;    // analysis commands ("" to skip)
    std::string vectors;         // vectors written by wrdata
    std::string acVectors;       // vectors written for AC (default: vectors)
};

struct Results {
    Table dc, ac, tran;
};

// Builds "<title> / circuit / .control: pre_osdi, analyses, wrdata / .end",
// runs it and reads the tables back.
Results simulate(const std::string &name, const std::string &model, const std::string &circuit, const Analyses &a,
                 const std::string &extraOptions = "") {
    testing::CompiledModel m = testing::compileModel(model);
    INFO(m.messages);
    REQUIRE(!m.osdi.empty());
    std::string net = "* " + name + ": " + model + " against references\n" + circuit + kOptions + extraOptions + ".control\n";
    net += "pre_osdi " + model + ".osdi\n";
    net += testing::wrdataSettings();
    std::string acv = a.acVectors.empty() ? a.vectors : a.acVectors;
    if (!a.dc.empty()) net += a.dc + "\nwrdata " + name + "_dc.dat " + a.vectors + "\n";
    if (!a.ac.empty()) net += a.ac + "\nwrdata " + name + "_ac.dat " + acv + "\n";
    if (!a.tran.empty()) net += a.tran + "\nwrdata " + name + "_tran.dat " + a.vectors + "\n";
    net += ".endc\n.end\n";
    testing::SpiceRun run = testing::runNgspice(name, net);
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    CHECK(run.output.find("rror") == std::string::npos);
    Results r;
    std::string dir = testing::workDir() + "/" + name;
    if (!a.dc.empty()) r.dc = testing::readTable(dir + "_dc.dat");
    if (!a.ac.empty()) r.ac = testing::readTable(dir + "_ac.dat");
    if (!a.tran.empty()) r.tran = testing::readTable(dir + "_tran.dat");
    return r;
}

double maxDiff(const std::vector<double> &a, const std::vector<double> &b) {
    REQUIRE(a.size() == b.size());
    REQUIRE(!a.empty());
    double m = 0;
    for (size_t i = 0; i < a.size(); ++i) m = std::max(m, std::fabs(a[i] - b[i]));
    return m;
}

double maxAbs(const std::vector<double> &a) {
    double m = 0;
    for (double v : a) m = std::max(m, std::fabs(v));
    return m;
}

// Complex AC column as a vector of complex numbers.
std::vector<std::complex<double>> complexColumn(const Table &t, const std::string &v) {
    std::vector<std::complex<double>> r;
    for (size_t i = 0; i < t.rows(); ++i) r.emplace_back(t[v][i], t[v + "#im"][i]);
    return r;
}

double maxDiff(const std::vector<std::complex<double>> &a, const std::vector<std::complex<double>> &b) {
    REQUIRE(a.size() == b.size());
    double m = 0;
    for (size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(a[i] - b[i]));
    return m;
}

std::vector<double> mapValues(const std::vector<double> &x, const std::function<double(double)> &f) {
    std::vector<double> r;
    for (double v : x) r.push_back(f(v));
    return r;
}

// Checks |a-b| <= tol * scale and prints the numbers for the report.
void compare(const char *model, const char *analysis, const char *what, double diff, double scale, double tol) {
    std::printf("[ngspice] %-9s %-4s %-28s max|diff| = %.3e  (signal %.3e, rel %.1e)\n", model, analysis, what, diff, scale,
                scale > 0 ? diff / scale : 0.0);
    CAPTURE(model);
    CAPTURE(analysis);
    CAPTURE(what);
    CHECK(diff <= tol * scale);
}

}  // namespace

TEST_CASE("ngspice resistor against the analytic current") {
    // The resistor carries its current through a 0 V ammeter; the built-in R is the reference.
    Results r = simulate("res", "resistor",
                         "V1 in 0 dc 0 ac 1 sin(0 1 1k)\n"
                         "N1 in x rmod\n"
                         "Vm1 x 0 0\n"
                         "R2 in y 2k\n"
                         "Vm2 y 0 0\n"
                         ".model rmod va_resistor r=2k\n",
                         {"dc V1 -2 2 0.25", "ac dec 3 1 1meg", "tran 20u 2m", "i(Vm1) i(Vm2) v(in)", ""});
    compare("resistor", "dc", "I vs V/r", maxDiff(r.dc["i(Vm1)"], mapValues(r.dc["v(in)"], [](double v) { return v / 2e3; })), 1e-3, 1e-12);
    compare("resistor", "dc", "I vs built-in R", maxDiff(r.dc["i(Vm1)"], r.dc["i(Vm2)"]), 1e-3, 1e-12);
    compare("resistor", "ac", "I vs 1/r", maxDiff(complexColumn(r.ac, "i(Vm1)"), std::vector<std::complex<double>>(r.ac.rows(), 1.0 / 2e3)), 5e-4, 1e-12);
    compare("resistor", "tran", "I vs V/r", maxDiff(r.tran["i(Vm1)"], mapValues(r.tran["v(in)"], [](double v) { return v / 2e3; })), 5e-4, 1e-12);
}

TEST_CASE("ngspice resistor with m and an out-of-range parameter") {
    testing::CompiledModel m = testing::compileModel("resistor");
    REQUIRE(!m.osdi.empty());
    // Two models of the same device, one instance with m=4: 4*0.5 mA + 1 mA.
    testing::SpiceRun ok = testing::runNgspice("res_m",
                                               "* m factor\nV1 a 0 dc 1\nN1 a 0 rmod m=4\nN2 a 0 rmod2\n"
                                               ".model rmod va_resistor r=2k\n.model rmod2 va_resistor r=1k\n"
                                               ".control\npre_osdi resistor.osdi\nop\nprint i(V1)\n.endc\n.end\n");
    INFO(ok.output);
    CHECK(ok.exitCode == 0);
    CHECK(ok.output.find("i(v1) = -3.00000e-03") != std::string::npos);

    testing::SpiceRun bad = testing::runNgspice("res_range",
                                                "* range\nV1 a 0 dc 1\nN1 a 0 rmod\n.model rmod va_resistor r=-5\n"
                                                ".control\npre_osdi resistor.osdi\nop\nprint i(V1)\n.endc\n.end\n");
    INFO(bad.output);
    CHECK(bad.exitCode != 0);
    CHECK(bad.output.find("va_resistor: parameter 'r' = -5 is out of range from (0:inf)") != std::string::npos);
    CHECK(bad.output.find("Parameter r is out of bounds!") != std::string::npos);
}

TEST_CASE("ngspice diode against a B-source diode and the Shockley equation") {
    char circuit[1024];
    std::snprintf(circuit, sizeof circuit,
                  "V1 in 0 dc 1 ac 1 pulse(-1 2 1n 2n 2n 20n 50n)\n"
                  "R1 in a 1k\n"
                  "N1 a 0 dmod\n"
                  ".model dmod va_diode is=1e-14 n=1 cj=2p\n"
                  "R2 in b 1k\n"
                  "Bd b 0 I = 1e-14*(exp(V(b)/%.17g) - 1)\n"
                  "Cd b 0 2p\n",
                  kVt300);
    Results r = simulate("diode", "diode", circuit,
                         {"dc V1 -1 5 0.1", "ac dec 5 1e5 1e10", "tran 0.2n 100n 0 0.1n", "v(a) v(b) v(in)", ""});
    compare("diode", "dc", "V vs B-source", maxDiff(r.dc["v(a)"], r.dc["v(b)"]), 0.7, 1e-8);
    // Shockley: the resistor current equals is*(exp(V/vt)-1).
    double worst = 0;
    for (size_t i = 0; i < r.dc.rows(); ++i) {
        double va = r.dc["v(a)"][i], iR = (r.dc["v(in)"][i] - va) / 1e3;
        double id = 1e-14 * (std::exp(va / kVt300) - 1);
        worst = std::max(worst, std::fabs(iR - id) / std::max(std::fabs(id), 1e-9));
    }
    compare("diode", "dc", "KCL vs Shockley (relative)", worst, 1.0, 1e-5);
    compare("diode", "ac", "V vs B-source", maxDiff(complexColumn(r.ac, "v(a)"), complexColumn(r.ac, "v(b)")), maxAbs(r.ac["v(a)"]), 1e-6);
    compare("diode", "tran", "V vs B-source", maxDiff(r.tran["v(a)"], r.tran["v(b)"]), 0.7, 1e-5);
}

TEST_CASE("ngspice translinear multiplier against analytic and B-source references") {
    // Voltage inputs (N1) and current inputs through the device's ammeter branches (N2).
    const double R = 1e3, C = 1e-12, k = 1e-3;
    Results r = simulate("tlmul", "tlmul",
                         "Va a 0 dc 0.5 ac 1 sin(0.5 0.2 1meg)\n"
                         "Vb b 0 dc 0.3\n"
                         "Vc c 0 dc 0.2 pulse(0.2 0.4 0.5u 10n 10n 1u 2u)\n"
                         "N1 a b c o mmod\n"
                         ".model mmod va_tlmul k=1m cout=1p\n"
                         "Rl o 0 1k\n"
                         "Bo o2 0 I = 1m*V(a)*V(b)/V(c)\n"
                         "Co o2 0 1p\n"
                         "Rl2 o2 0 1k\n",
                         {"dc Va -1 1 0.1", "ac dec 5 1e5 1e10", "tran 5n 4u 0 2n", "v(o) v(o2) v(a)", ""});
    compare("tlmul", "dc", "V(o) vs -R*k*Va*Vb/Vc", maxDiff(r.dc["v(o)"], mapValues(r.dc["v(a)"], [&](double va) { return -R * k * va * 0.3 / 0.2; })), 1.5, 1e-9);
    compare("tlmul", "dc", "V(o) vs B-source", maxDiff(r.dc["v(o)"], r.dc["v(o2)"]), 1.5, 1e-9);
    std::vector<std::complex<double>> h;
    for (double f : r.ac["frequency"]) h.push_back(-R * k * 0.3 / 0.2 / (1.0 + std::complex<double>(0, 2 * M_PI * f * R * C)));
    compare("tlmul", "ac", "V(o) vs analytic", maxDiff(complexColumn(r.ac, "v(o)"), h), 1.5, 1e-9);
    compare("tlmul", "tran", "V(o) vs B-source", maxDiff(r.tran["v(o)"], r.tran["v(o2)"]), 1.5, 1e-7);
}

TEST_CASE("ngspice current-input multiplier against a B-source with ammeters") {
    // Input currents are 10 uA/V copies of the control voltages.
    Results r = simulate("tlmuli", "tlmuli",
                         "Va a 0 dc 0.5 ac 1 sin(0.5 0.2 1meg)\n"
                         "Vb b 0 dc 0.3\n"
                         "Vc c 0 dc 0.2 pulse(0.2 0.4 0.5u 10n 10n 1u 2u)\n"
                         "Ga 0 ia a 0 10u\nGb 0 ib b 0 10u\nGc 0 ic c 0 10u\n"
                         "N2 ia ib ic oi mimod\n"
                         ".model mimod va_tlmuli gain=1\n"
                         "Rli oi 0 1k\n"
                         "Ga2 0 ia2 a 0 10u\nGb2 0 ib2 b 0 10u\nGc2 0 ic2 c 0 10u\n"
                         "Vsa ia2 0 0\nVsb ib2 0 0\nVsc ic2 0 0\n"
                         "Bi 0 oi2 I = i(Vsa)*i(Vsb)/i(Vsc)\n"
                         "Rli2 oi2 0 1k\n",
                         {"dc Va -1 1 0.1", "ac dec 5 1e5 1e9", "tran 5n 4u 0 2n", "v(oi) v(oi2) v(a) v(ia)", ""});
    compare("tlmuli", "dc", "V(o) vs 1k*Ia*Ib/Ic", maxDiff(r.dc["v(oi)"], mapValues(r.dc["v(a)"], [](double va) { return 1e3 * 10e-6 * va * 0.3 / 0.2; })), 0.015, 1e-9);
    compare("tlmuli", "dc", "V(o) vs B-source", maxDiff(r.dc["v(oi)"], r.dc["v(oi2)"]), 0.015, 1e-9);
    compare("tlmuli", "dc", "input held at 0 V", maxAbs(r.dc["v(ia)"]), 1.0, 1e-12);
    compare("tlmuli", "ac", "V(o) vs B-source", maxDiff(complexColumn(r.ac, "v(oi)"), complexColumn(r.ac, "v(oi2)")), 0.015, 1e-9);
    compare("tlmuli", "tran", "V(o) vs B-source", maxDiff(r.tran["v(oi)"], r.tran["v(oi2)"]), 0.015, 1e-7);
}

TEST_CASE("ngspice log-domain integrator against the linear ODE") {
    // Lossy integrator: tau * d(iout)/dt = iin - lam*iout, tau = c*vt/(itau*lam).
    // The output current flows into Rl = 1 Meg, so V(out) = iout * 1e6.
    const double c = 1e-12, itau = 1e-9, lam = 1.0, Rl = 1e6;
    const double tau = c * kVt300 / (itau * lam);
    char circuit[2048];
    std::snprintf(circuit, sizeof circuit,
                  "* one control voltage drives both input currents (1 A/V)\n"
                  "Vctl ctl 0 dc 10n ac 1 pulse(10n 20n 20u 1n 1n 1 1)\n"
                  "Gin 0 in ctl 0 1\n"
                  "N1 in out lmod\n"
                  ".model lmod va_logint is=1e-10 c=1p itau=1n lam=1\n"
                  "Rl out 0 1meg\n"
                  "* the same equations with B-sources and a capacitor\n"
                  "Gin2 0 inr ctl 0 1\n"
                  "Vsin inr 0 0\n"
                  "Bx xr 0 I = -1n*(i(Vsin) - 1e-10*exp(v(xr)/%.17g))/(1e-10*exp(v(xr)/%.17g))\n"
                  "Cx xr 0 1p\n"
                  "Bo 0 outr I = 1e-10*exp(v(xr)/%.17g)\n"
                  "Rl2 outr 0 1meg\n",
                  kVt300, kVt300, kVt300);
    Results r = simulate("logint", "logint", circuit,
                         {"dc Vctl 5n 50n 5n", "ac dec 5 10 1meg", "tran 0.2u 200u 0 0.2u", "v(out) v(outr) v(xr) v(n1#x)", "v(out) v(outr)"});
    // DC: iout = iin/lam; the state node sits at vt*ln(iout/is).
    compare("logint", "dc", "V(out) vs Rl*iin/lam",
            maxDiff(r.dc["v(out)"], mapValues(r.dc["v-sweep"], [&](double i) { return Rl * i / lam; })), 0.05, 1e-7);
    compare("logint", "dc", "V(x) vs vt*ln(iout/is)",
            maxDiff(r.dc["v(n1#x)"], mapValues(r.dc["v-sweep"], [&](double i) { return kVt300 * std::log(i / lam / 1e-10); })), 0.2, 1e-8);
    compare("logint", "dc", "V(out) vs B-source", maxDiff(r.dc["v(out)"], r.dc["v(outr)"]), 0.05, 1e-7);
    // AC: iout/iin = (1/lam) / (1 + j w tau).
    std::vector<std::complex<double>> h;
    for (double f : r.ac["frequency"]) h.push_back(Rl / lam / (1.0 + std::complex<double>(0, 2 * M_PI * f * tau)));
    compare("logint", "ac", "V(out) vs analytic", maxDiff(complexColumn(r.ac, "v(out)"), h), Rl / lam, 1e-6);
    compare("logint", "ac", "V(out) vs B-source", maxDiff(complexColumn(r.ac, "v(out)"), complexColumn(r.ac, "v(outr)")), Rl / lam, 1e-6);
    // Transient: step 10n -> 20n at 20us: iout = 20n - 10n*exp(-(t - t0)/tau).
    std::vector<double> expect;
    for (double t : r.tran["time"]) {
        double t0 = 20e-6 + 0.5e-9;
        expect.push_back(Rl * (t < t0 ? 10e-9 : 20e-9 - 10e-9 * std::exp(-(t - t0) / tau)));
    }
    compare("logint", "tran", "V(out) vs exponential step", maxDiff(r.tran["v(out)"], expect), 0.02, 2e-4);
    compare("logint", "tran", "V(out) vs B-source", maxDiff(r.tran["v(out)"], r.tran["v(outr)"]), 0.02, 1e-6);
}

TEST_CASE("ngspice ideal log-domain integrator ramps linearly") {
    // lam = 0: d(iout)/dt = itau*iin/(c*vt). With uic the state starts at V(x) = 0, iout = is.
    const double is = 1e-15, c = 1e-12, itau = 1e-9, iin = 10e-9, Rl = 1e6;
    Results r = simulate("logint_ideal", "logint",
                         "Iin 0 in dc 10n\n"
                         "N1 in out lmod\n"
                         ".model lmod va_logint is=1e-15 c=1p itau=1n lam=0\n"
                         "Rl out 0 1meg\n",
                         {"", "", "tran 0.5u 100u 0 0.5u uic", "v(out)", ""});
    std::vector<double> expect;
    for (double t : r.tran["time"]) expect.push_back(Rl * (is + itau * iin * t / (c * kVt300)));
    compare("logint", "tran", "ideal: V(out) vs linear ramp", maxDiff(r.tran["v(out)"], expect), maxAbs(expect), 1e-4);
}

TEST_CASE("ngspice voltage contribution against the analytic gain and an E source") {
    Results r = simulate("vcvs", "vcvs",
                         "V1 i 0 dc 0.3 ac 1 sin(0 0.7 1meg)\n"
                         "N1 i o emod\n"
                         ".model emod va_vcvs gain=2.5\n"
                         "Rl o 0 1k\n"
                         "E2 o2 0 i 0 2.5\n"
                         "Rl2 o2 0 1k\n",
                         {"dc V1 -1 1 0.1", "ac dec 3 1 1g", "tran 10n 3u", "v(o) v(o2) v(i) i(V1)", "v(o) v(o2) v(i)"});
    compare("vcvs", "dc", "V(o) vs gain*V(i)", maxDiff(r.dc["v(o)"], mapValues(r.dc["v(i)"], [](double v) { return 2.5 * v; })), 2.5, 1e-12);
    compare("vcvs", "dc", "V(o) vs E source", maxDiff(r.dc["v(o)"], r.dc["v(o2)"]), 2.5, 1e-12);
    compare("vcvs", "dc", "input draws no current", maxAbs(r.dc["i(V1)"]), 1.0, 1e-15);
    compare("vcvs", "ac", "V(o) vs gain", maxDiff(complexColumn(r.ac, "v(o)"), std::vector<std::complex<double>>(r.ac.rows(), 2.5)), 2.5, 1e-12);
    compare("vcvs", "tran", "V(o) vs E source", maxDiff(r.tran["v(o)"], r.tran["v(o2)"]), 1.75, 1e-12);
}

TEST_CASE("ngspice inductor from V <+ L*ddt(I) against the built-in inductor") {
    const double R = 100, L = 10e-6;
    Results r = simulate("inductor", "inductor",
                         "V1 a 0 dc 0.5 ac 1 pulse(0 1 100n 1n 1n 300n 600n)\n"
                         "N1 a l1 indmod\n"
                         ".model indmod va_inductor l=10u\n"
                         "R1 l1 0 100\n"
                         "L2 a l2 10u\n"
                         "R2 l2 0 100\n",
                         {"dc V1 -1 1 0.5", "ac dec 5 1e4 1e9", "tran 1n 1.2u 0 1n", "v(l1) v(l2)", ""});
    compare("inductor", "dc", "V vs built-in L", maxDiff(r.dc["v(l1)"], r.dc["v(l2)"]), 1.0, 1e-12);
    std::vector<std::complex<double>> h;
    for (double f : r.ac["frequency"]) h.push_back(R / (R + std::complex<double>(0, 2 * M_PI * f * L)));
    compare("inductor", "ac", "V vs R/(R+jwL)", maxDiff(complexColumn(r.ac, "v(l1)"), h), 1.0, 1e-9);
    compare("inductor", "tran", "V vs built-in L", maxDiff(r.tran["v(l1)"], r.tran["v(l2)"]), 1.0, 1e-6);
}

TEST_CASE("ngspice KLU solver gives the same diode and voltage-source results") {
    char circuit[1024];
    std::snprintf(circuit, sizeof circuit,
                  "V1 in 0 dc 1 ac 1 pulse(-1 2 1n 2n 2n 20n 50n)\n"
                  "R1 in a 1k\nN1 a 0 dmod\n.model dmod va_diode is=1e-14 n=1 cj=2p\n"
                  "R2 in b 1k\nBd b 0 I = 1e-14*(exp(V(b)/%.17g) - 1)\nCd b 0 2p\n",
                  kVt300);
    Results r = simulate("diode_klu", "diode", circuit,
                         {"dc V1 -1 5 0.1", "ac dec 5 1e5 1e10", "tran 0.2n 100n 0 0.1n", "v(a) v(b)", ""}, ".options klu\n");
    compare("diode", "dc", "KLU: V vs B-source", maxDiff(r.dc["v(a)"], r.dc["v(b)"]), 0.7, 1e-8);
    compare("diode", "ac", "KLU: V vs B-source", maxDiff(complexColumn(r.ac, "v(a)"), complexColumn(r.ac, "v(b)")), 0.07, 1e-6);
    compare("diode", "tran", "KLU: V vs B-source", maxDiff(r.tran["v(a)"], r.tran["v(b)"]), 0.7, 1e-5);
    Results v = simulate("vcvs_klu", "vcvs",
                         "V1 i 0 dc 0.3 ac 1 sin(0 0.7 1meg)\nN1 i o emod\n.model emod va_vcvs gain=2.5\nRl o 0 1k\n",
                         {"", "ac dec 3 1 1g", "tran 10n 3u", "v(o) v(i)", ""}, ".options klu\n");
    compare("vcvs", "ac", "KLU: V(o) vs gain", maxDiff(complexColumn(v.ac, "v(o)"), std::vector<std::complex<double>>(v.ac.rows(), 2.5)), 2.5, 1e-12);
    compare("vcvs", "tran", "KLU: V(o) vs gain*V(i)", maxDiff(v.tran["v(o)"], mapValues(v.tran["v(i)"], [](double x) { return 2.5 * x; })), 1.75, 1e-12);
}

TEST_CASE("ngspice temperature and instance parameters reach the model") {
    // r(T) = r*(1 + tc1*(T - tnom)); I = V * w * fingers / r(T).
    testing::CompiledModel m = testing::compileModel("tcres");
    REQUIRE(!m.osdi.empty());
    testing::SpiceRun run = testing::runNgspice(
        "tcres",
        "* temperature\nV1 a 0 dc 1\n"
        "N1 a 0 tmod w=2.5\n"
        ".model tmod va_tcres r=1k tc1=4m tnom=27 fingers=2\n"
        ".temp 77\n"
        ".control\npre_osdi tcres.osdi\nop\nprint i(V1)\n.endc\n.end\n");
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    double expect = -1.0 * 2.5 * 2 / (1e3 * (1 + 4e-3 * 50));
    char line[64];
    std::snprintf(line, sizeof line, "i(v1) = %.5e", expect);
    CHECK(run.output.find(line) != std::string::npos);
    std::printf("[ngspice] tcres     op   I at 77 C, w=2.5, fingers=2: expected %s\n", line);

    testing::SpiceRun bad = testing::runNgspice(
        "tcres_bad", "* range\nV1 a 0 dc 1\nN1 a 0 tmod w=-1\n.model tmod va_tcres\n"
                     ".control\npre_osdi tcres.osdi\nop\n.endc\n.end\n");
    CHECK(bad.exitCode != 0);
    CHECK(bad.output.find("va_tcres: parameter 'w' = -1 is out of range from (0:inf)") != std::string::npos);
}

TEST_CASE("ngspice abstime drives a sine source in transient only") {
    Results r = simulate("sine", "sine",
                         "N1 o smod\n.model smod va_sine ampl=0.8 freq=1meg offset=0.1\nRl o 0 1k\n",
                         {"op", "", "tran 5n 3u 0 5n", "v(o)", ""});
    compare("sine", "op", "V(o) = offset at t = 0", std::fabs(r.dc["v(o)"][0] - 0.1), 0.1, 1e-12);
    std::vector<double> expect;
    for (double t : r.tran["time"]) expect.push_back(0.1 + 0.8 * std::sin(2 * M_PI * 1e6 * t));
    compare("sine", "tran", "V(o) vs offset+A*sin(2 pi f t)", maxDiff(r.tran["v(o)"], expect), 0.9, 1e-12);
}
