// The compiled libraries, driven directly through the OSDI ABI: AD Jacobians
// against central finite differences, RHS assembly, parameters, ranges and
// $mfactor.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <random>

#include "support/osdi_host.h"
#include "support/workdir.h"

using testing::OsdiHost;

namespace {

std::unique_ptr<OsdiHost> load(const std::string &model) {
    testing::CompiledModel m = testing::compileModel(model);
    INFO(m.messages);
    REQUIRE(!m.osdi.empty());
    return std::make_unique<OsdiHost>(m.osdi);
}

// Sampling range of each unknown, by node name; "*" is the default.
using Ranges = std::map<std::string, std::pair<double, double>>;

// Compares dF/dx and dQ/dx from eval() with central differences at `points`
// random points. The error of entry (i,j), beyond the rounding noise of the
// difference quotient, is measured against the row's scale
// max_k |J(i,k)| * range(k) / range(j); returns the worst one.
// `perturb` scales the AD Jacobian before comparing (to show the check bites).
double jacobianError(OsdiHost &host, const Ranges &ranges, int points = 20, double perturb = 1.0) {
    const OsdiDescriptor &d = host.descriptor();
    const unsigned n = host.numUnknowns();
    std::mt19937 rng(12345);
    std::vector<std::pair<double, double>> box(n);
    for (unsigned i = 0; i < n; ++i) {
        auto it = ranges.find(d.nodes[i].name);
        if (it == ranges.end()) it = ranges.find("*");
        REQUIRE(it != ranges.end());
        box[i] = it->second;
    }
    double worst = 0;
    for (int p = 0; p < points; ++p) {
        std::vector<double> x(n);
        for (unsigned i = 0; i < n; ++i) x[i] = std::uniform_real_distribution<double>(box[i].first, box[i].second)(rng);
        testing::Evaluation e = host.eval(x);

        // load_spice_rhs_dc must assemble J*x - f.
        for (unsigned i = 0; i < n; ++i) {
            double jx = 0, mag = std::fabs(e.f[i]);
            for (unsigned j = 0; j < n; ++j) {
                jx += e.jr[i * n + j] * x[j];
                mag += std::fabs(e.jr[i * n + j] * x[j]);
            }
            CHECK(std::fabs(e.rhsDc[i] - (jx - e.f[i])) <= 1e-12 * mag + 1e-300);
        }

        for (double &v : e.jr) v *= perturb;
        for (double &v : e.jq) v *= perturb;
        for (unsigned j = 0; j < n; ++j) {
            double scale = std::max(std::fabs(box[j].first), std::fabs(box[j].second));
            double h = 1e-6 * std::max(std::fabs(x[j]), 1e-2 * scale);
            std::vector<double> xp = x, xm = x;
            xp[j] += h;
            xm[j] -= h;
            testing::Evaluation ep = host.eval(xp), em = host.eval(xm);
            for (unsigned i = 0; i < n; ++i) {
                double rowScale = 0, rowScaleQ = 0;
                for (unsigned k = 0; k < n; ++k) {
                    double sk = std::max(std::fabs(box[k].first), std::fabs(box[k].second));
                    rowScale = std::max(rowScale, std::fabs(e.jr[i * n + k]) * sk);
                    rowScaleQ = std::max(rowScaleQ, std::fabs(e.jq[i * n + k]) * sk);
                }
                double fdF = (ep.f[i] - em.f[i]) / (2 * h), fdQ = (ep.q[i] - em.q[i]) / (2 * h);
                // Rounding noise of the difference quotient itself.
                const double eps = 2.2e-16;
                double noiseF = 64 * eps * (std::fabs(ep.f[i]) + std::fabs(em.f[i])) / (2 * h);
                double noiseQ = 64 * eps * (std::fabs(ep.q[i]) + std::fabs(em.q[i])) / (2 * h);
                double errF = std::max(0.0, std::fabs(fdF - e.jr[i * n + j]) - noiseF) * scale / std::max(rowScale, 1e-300);
                double errQ = std::max(0.0, std::fabs(fdQ - e.jq[i * n + j]) - noiseQ) * scale / std::max(rowScaleQ, 1e-300);
                if (rowScale == 0) errF = std::fabs(fdF) <= noiseF ? 0 : 1;
                if (rowScaleQ == 0) errQ = std::fabs(fdQ) <= noiseQ ? 0 : 1;
                worst = std::max(worst, std::max(errF, errQ));
            }
        }
    }
    return worst;
}

// Checks the Jacobian of `host` and prints the numbers for the report.
void check(const char *model, OsdiHost &host, const Ranges &ranges, int points = 20) {
    double e = jacobianError(host, ranges, points);
    std::printf("[jacobian] %-9s unknowns=%u entries=%-2u max |AD-FD| / row scale = %.1e\n", model, host.numUnknowns(),
                host.descriptor().num_jacobian_entries, e);
    CHECK(e < 1e-6);
}

}  // namespace

TEST_CASE("jacobian of the resistor matches finite differences") {
    auto h = load("resistor");
    h->setParam("r", 2e3);
    REQUIRE(h->setup() == 0);
    CHECK(h->descriptor().num_jacobian_entries == 4);
    check("resistor", *h, {{"*", {-2.0, 2.0}}});
    // The residual is exactly the branch current.
    testing::Evaluation e = h->eval({1.5, -0.5});
    CHECK(e.f[0] == doctest::Approx(2.0 / 2e3).epsilon(1e-15));
    CHECK(e.f[1] == doctest::Approx(-2.0 / 2e3).epsilon(1e-15));
}

TEST_CASE("jacobian of the diode matches finite differences") {
    auto h = load("diode");
    h->setParam("is", 1e-14);
    h->setParam("cj", 2e-12);
    REQUIRE(h->setup() == 0);
    check("diode", *h, {{"*", {-0.4, 0.4}}});
    // Charge q = cj * V(a,c), on both terminals, and linearised limexp above 80 Vt.
    testing::Evaluation e = h->eval({0.3, -0.2});
    CHECK(e.q[0] == doctest::Approx(2e-12 * 0.5).epsilon(1e-14));
    CHECK(e.q[1] == doctest::Approx(-2e-12 * 0.5).epsilon(1e-14));
    double vt = 300.15 * 1.3806503e-23 / 1.602176462e-19;
    testing::Evaluation big = h->eval({100 * vt, 0.0});
    CHECK(big.f[0] == doctest::Approx(1e-14 * (std::exp(80.0) * (1 + 20.0) - 1)).epsilon(1e-12));
    CHECK(big.jr[0] == doctest::Approx(1e-14 * std::exp(80.0) / vt).epsilon(1e-12));
}

TEST_CASE("jacobian of the voltage-input multiplier matches finite differences") {
    auto h = load("tlmul");
    h->setParam("k", 2e-3);
    REQUIRE(h->setup() == 0);
    check("tlmul", *h, {{"*", {-1.0, 1.0}}, {"c", {0.2, 1.0}}});
    // The guarded division keeps V(c) = 0 finite (the first Newton step of ngspice).
    testing::Evaluation e = h->eval({0.0, 0.0, 0.0, 0.0});
    for (double v : e.f) CHECK(std::isfinite(v));
    for (double v : e.jr) CHECK(std::isfinite(v));
}

TEST_CASE("jacobian of the current-input multiplier matches finite differences") {
    auto h = load("tlmuli");
    REQUIRE(h->setup() == 0);
    // Terminals a b c o, then the ammeter currents of a, b and c.
    CHECK(h->numUnknowns() == 7);
    CHECK(h->descriptor().nodes[4].is_flow);
    check("tlmuli", *h, {{"*", {-1.0, 1.0}}, {"flow(a)", {1e-6, 1e-5}}, {"flow(b)", {1e-6, 1e-5}}, {"flow(c)", {1e-6, 1e-5}}});
}

TEST_CASE("jacobian of the log-domain integrator matches finite differences") {
    auto h = load("logint");
    REQUIRE(h->setup() == 0);
    CHECK(h->descriptor().num_terminals == 2);
    CHECK(h->numUnknowns() == 4);  // in, out, internal x, input ammeter
    CHECK(std::string(h->descriptor().nodes[2].name) == "x");
    CHECK(h->descriptor().nodes[2].react_residual_off != OSDI_NO_OFFSET);
    CHECK(h->descriptor().nodes[0].react_residual_off == OSDI_NO_OFFSET);
    check("logint", *h, {{"*", {-0.1, 0.1}}, {"x", {0.2, 0.5}}, {"flow(in)", {1e-9, 1e-7}}});
}

TEST_CASE("jacobian of the voltage-controlled voltage source matches finite differences") {
    auto h = load("vcvs");
    h->setParam("gain", 3.0);
    REQUIRE(h->setup() == 0);
    check("vcvs", *h, {{"*", {-1.0, 1.0}}, {"flow(o)", {-1e-3, 1e-3}}});
    // Branch equation V(o) - gain*V(i) = 0 in the flow row; KCL row of o carries the current.
    testing::Evaluation e = h->eval({0.5, 1.0, 2e-3});
    CHECK(e.f[2] == doctest::Approx(1.0 - 3.0 * 0.5));
    CHECK(e.f[1] == doctest::Approx(2e-3));
    CHECK(e.f[0] == 0.0);
}

TEST_CASE("jacobian of the inductor and of the feature model match finite differences") {
    auto ind = load("inductor");
    REQUIRE(ind->setup() == 0);
    check("inductor", *ind, {{"*", {-1.0, 1.0}}, {"flow(p,n)", {-1e-3, 1e-3}}});
    auto f = load("features");
    REQUIRE(f->setup() == 0);
    check("features", *f, {{"*", {-1.5, 1.5}}, {"mid", {-0.2, 0.3}}}, 40);
    // Named branches keep their declared orientation: rb = (p, mid), db = (mid, n).
    CHECK(std::string(f->descriptor().nodes[3].name) == "mid");
    double vt = 300.15 * 1.3806503e-23 / 1.602176462e-19;
    double ir = (0.3 - 0.1) / 100, id = 1e-12 * (std::exp(0.1 / vt) - 1);
    testing::Evaluation e = f->eval({0.3, 0.0, 0.0, 0.1});
    CHECK(e.f[0] == doctest::Approx(ir).epsilon(1e-13));
    CHECK(e.f[1] == doctest::Approx(-id).epsilon(1e-13));
    CHECK(e.f[3] == doctest::Approx(id - ir).epsilon(1e-13));
    CHECK(e.q[3] == doctest::Approx(1e-12 * 0.1).epsilon(1e-13));
}

TEST_CASE("the finite-difference check detects a wrong Jacobian") {
    auto h = load("diode");
    REQUIRE(h->setup() == 0);
    CHECK(jacobianError(*h, {{"*", {-0.4, 0.4}}}, 5, 1.0) < 1e-6);
    CHECK(jacobianError(*h, {{"*", {-0.4, 0.4}}}, 5, 1.0 + 1e-5) > 1e-6);
}

TEST_CASE("parameter ranges are checked at setup") {
    auto r = load("resistor");
    CHECK(r->getParam("r") == 0.0);  // not set up yet
    REQUIRE(r->setup() == 0);
    CHECK(r->getParam("r") == 1e3);  // default applied by setup_model
    r->setParam("r", -1.0);
    CHECK(r->setup() == 1);
    r->setParam("r", 0.0);  // from (0:inf) excludes 0
    CHECK(r->setup() == 1);

    auto f = load("features");
    REQUIRE(f->setup() == 0);
    CHECK(f->paramId("twopi") == -1);  // localparam is not exposed
    CHECK(f->paramId("rs") < (int)f->descriptor().num_instance_params);
    CHECK(f->paramId("stages") >= (int)f->descriptor().num_instance_params);
    CHECK((f->descriptor().param_opvar[f->paramId("stages")].flags & PARA_TY_MASK) == PARA_TY_INT);
    CHECK(std::string(f->descriptor().param_opvar[f->paramId("rs")].units) == "Ohm");
    f->setParam("gain", 0.0);  // exclude 0
    CHECK(f->setup() == 1);
    f->setParam("gain", 0.5);
    f->setParam("stages", 11);  // from [1:10]
    CHECK(f->setup() == 1);
    f->setParam("stages", 10);
    CHECK(f->setup() == 0);
    f->setParam("rs", 0.0);  // instance parameter, from (0:inf)
    CHECK(f->setup() == 1);
}

TEST_CASE("mfactor scales the currents but not branch equations") {
    auto r = load("resistor");
    REQUIRE(r->setup() == 0);
    CHECK(r->paramId("$mfactor") == 0);
    testing::Evaluation one = r->eval({1.0, 0.0});
    r->setParam("$mfactor", 3.0);
    REQUIRE(r->setup() == 0);
    testing::Evaluation three = r->eval({1.0, 0.0});
    CHECK(three.f[0] == doctest::Approx(3 * one.f[0]));
    CHECK(three.jr[0] == doctest::Approx(3 * one.jr[0]));

    auto v = load("vcvs");
    v->setParam("$mfactor", 2.0);
    REQUIRE(v->setup() == 0);
    testing::Evaluation e = v->eval({0.5, 1.0, 2e-3});
    CHECK(e.f[1] == doctest::Approx(2 * 2e-3));  // two sources in parallel share the current
    CHECK(e.f[2] == doctest::Approx(1.0 - 2.0 * 0.5));  // branch equation unchanged
}
