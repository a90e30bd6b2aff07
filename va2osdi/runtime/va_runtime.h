/*
 * va_runtime.h -- forward-mode AD and guarded math for va2osdi-generated code.
 *
 * Embedded into every generated .cpp after `constexpr int N = <unknowns>;`
 * inside an anonymous namespace. A D carries a value and its partial
 * derivatives with respect to the N unknowns of the device (node voltages
 * and branch currents), so evaluating the analog block once yields both the
 * residuals and the Jacobian.
 *
 * Guards (documented in README.md, "Singularity guards"):
 *   x / y       |y| < VA_DEN_MIN  -> y := copysign(VA_DEN_MIN, y) (+ for y == 0)
 *   ln, log     x < VA_LOG_MIN    -> x := VA_LOG_MIN (value and slope taken there)
 *   sqrt        x < VA_SQRT_MIN   -> value sqrt(max(x,0)), slope 0.5/sqrt(VA_SQRT_MIN)
 *   exp         x > VA_EXP_MAX    -> exp(VA_EXP_MAX) * (1 + (x - VA_EXP_MAX)), with the
 *                                    excess capped at VA_EXP_EXCESS_MAX (stays finite)
 *   limexp      x > VA_LIMEXP_MAX -> exp(VA_LIMEXP_MAX) * (1 + (x - VA_LIMEXP_MAX))
 *   pow(x,y)    non-integer y: x clamped like ln; integer y < 0: x guarded like y in x/y
 *   integer /,% division by zero yields 0
 *   asin, acos  argument clamped to [-1, 1], slope taken at +-(1 - 1e-12)
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

static const double VA_DEN_MIN = 1e-30;
static const double VA_LOG_MIN = 1e-30;
static const double VA_SQRT_MIN = 1e-30;
static const double VA_EXP_MAX = 700.0;
static const double VA_EXP_EXCESS_MAX = 1e3;
static const double VA_LIMEXP_MAX = 80.0;

struct D {
    double v;
    double d[N];
    D() : v(0.0) { for (int i = 0; i < N; ++i) d[i] = 0.0; }
    D(double x) : v(x) { for (int i = 0; i < N; ++i) d[i] = 0.0; }
};

/* The k-th unknown, seeded with unit derivative. */
static inline D va_var(double x, int k) { D r(x); r.d[k] = 1.0; return r; }
static inline double vv(const D &a) { return a.v; }
static inline double vv(double a) { return a; }
/* f(a) with f'(a) = g. */
static inline D va_chain(const D &a, double f, double g) {
    D r; r.v = f;
    for (int i = 0; i < N; ++i) r.d[i] = g * a.d[i];
    return r;
}
static inline bool va_is_const(const D &a) {
    for (int i = 0; i < N; ++i) if (a.d[i] != 0.0) return false;
    return true;
}

static inline D operator-(const D &a) { D r; r.v = -a.v; for (int i = 0; i < N; ++i) r.d[i] = -a.d[i]; return r; }
static inline D operator+(const D &a, const D &b) { D r; r.v = a.v + b.v; for (int i = 0; i < N; ++i) r.d[i] = a.d[i] + b.d[i]; return r; }
static inline D operator+(const D &a, double b) { D r = a; r.v += b; return r; }
static inline D operator+(double a, const D &b) { D r = b; r.v += a; return r; }
static inline D operator-(const D &a, const D &b) { D r; r.v = a.v - b.v; for (int i = 0; i < N; ++i) r.d[i] = a.d[i] - b.d[i]; return r; }
static inline D operator-(const D &a, double b) { D r = a; r.v -= b; return r; }
static inline D operator-(double a, const D &b) { D r = -b; r.v += a; return r; }
static inline D operator*(const D &a, const D &b) { D r; r.v = a.v * b.v; for (int i = 0; i < N; ++i) r.d[i] = a.d[i] * b.v + a.v * b.d[i]; return r; }
static inline D operator*(const D &a, double b) { D r; r.v = a.v * b; for (int i = 0; i < N; ++i) r.d[i] = a.d[i] * b; return r; }
static inline D operator*(double a, const D &b) { return b * a; }
static inline D &operator+=(D &a, const D &b) { a.v += b.v; for (int i = 0; i < N; ++i) a.d[i] += b.d[i]; return a; }
static inline D &operator-=(D &a, const D &b) { a.v -= b.v; for (int i = 0; i < N; ++i) a.d[i] -= b.d[i]; return a; }

/* Guarded division: a denominator smaller than VA_DEN_MIN in magnitude is
 * replaced by +-VA_DEN_MIN (keeping its sign, + for exact zero). */
static inline double va_den(double y) {
    if (y >= 0.0 && y < VA_DEN_MIN) return VA_DEN_MIN;
    if (y < 0.0 && y > -VA_DEN_MIN) return -VA_DEN_MIN;
    return y;
}
static inline double va_div(double a, double b) { return a / va_den(b); }
static inline D va_div(const D &a, const D &b) {
    double bv = va_den(b.v);
    D r; r.v = a.v / bv;
    for (int i = 0; i < N; ++i) r.d[i] = (a.d[i] - r.v * b.d[i]) / bv;
    return r;
}
static inline D va_div(const D &a, double b) { return a * (1.0 / va_den(b)); }
static inline D va_div(double a, const D &b) { return va_div(D(a), b); }

static inline int va_ipow(int a, int b) {
    if (b < 0) return (a == 1) ? 1 : (a == -1 ? (b % 2 ? -1 : 1) : 0);
    int r = 1;
    while (b-- > 0) r *= a;
    return r;
}
static inline int va_idiv(int a, int b) { return b == 0 ? 0 : a / b; }
static inline int va_imod(int a, int b) { return b == 0 ? 0 : a % b; }
/* Verilog-A real-to-integer conversion rounds to nearest, ties away from 0. */
static inline int va_rtoi(double x) { return (int)(x < 0.0 ? ceil(x - 0.5) : floor(x + 0.5)); }

static inline D va_exp(const D &a) {
    if (a.v > VA_EXP_MAX) {
        double e = exp(VA_EXP_MAX), ex = a.v - VA_EXP_MAX;
        if (ex > VA_EXP_EXCESS_MAX) return va_chain(a, e * (1.0 + VA_EXP_EXCESS_MAX), 0.0);
        return va_chain(a, e * (1.0 + ex), e);
    }
    double e = exp(a.v);
    return va_chain(a, e, e);
}
static inline D va_limexp(const D &a) {
    if (a.v > VA_LIMEXP_MAX) {
        double e = exp(VA_LIMEXP_MAX);
        return va_chain(a, e * (1.0 + (a.v - VA_LIMEXP_MAX)), e);
    }
    double e = exp(a.v);
    return va_chain(a, e, e);
}
static inline D va_ln(const D &a) {
    double x = a.v < VA_LOG_MIN ? VA_LOG_MIN : a.v;
    return va_chain(a, log(x), 1.0 / x);
}
static inline D va_log10(const D &a) {
    double x = a.v < VA_LOG_MIN ? VA_LOG_MIN : a.v;
    return va_chain(a, log10(x), 1.0 / (x * 2.302585092994045684));
}
static inline D va_sqrt(const D &a) {
    double s = a.v > 0.0 ? sqrt(a.v) : 0.0;
    double x = a.v < VA_SQRT_MIN ? VA_SQRT_MIN : a.v;
    return va_chain(a, s, 0.5 / sqrt(x));
}
static inline D va_pow(const D &a, const D &b) {
    bool int_exp = va_is_const(b) && b.v == floor(b.v) && fabs(b.v) < 1e9;
    if (int_exp) {
        double x = a.v;
        if (b.v < 0.0) x = va_den(x);
        if (b.v == 0.0) return D(1.0);
        return va_chain(a, pow(x, b.v), b.v * pow(x, b.v - 1.0));
    }
    double x = a.v < VA_LOG_MIN ? VA_LOG_MIN : a.v;
    double p = pow(x, b.v), lx = log(x);
    D r; r.v = p;
    for (int i = 0; i < N; ++i) r.d[i] = b.v * pow(x, b.v - 1.0) * a.d[i] + p * lx * b.d[i];
    return r;
}
static inline D va_min(const D &a, const D &b) { return a.v <= b.v ? a : b; }
static inline D va_max(const D &a, const D &b) { return a.v >= b.v ? a : b; }
static inline D va_abs(const D &a) { return a.v >= 0.0 ? a : -a; }
static inline int va_imin(int a, int b) { return a <= b ? a : b; }
static inline int va_imax(int a, int b) { return a >= b ? a : b; }
static inline int va_iabs(int a) { return a >= 0 ? a : -a; }
static inline D va_tanh(const D &a) { double t = tanh(a.v); return va_chain(a, t, 1.0 - t * t); }
static inline D va_sinh(const D &a) { return va_chain(a, sinh(a.v), cosh(a.v)); }
static inline D va_cosh(const D &a) { return va_chain(a, cosh(a.v), sinh(a.v)); }
static inline D va_sin(const D &a) { return va_chain(a, sin(a.v), cos(a.v)); }
static inline D va_cos(const D &a) { return va_chain(a, cos(a.v), -sin(a.v)); }
static inline D va_tan(const D &a) { double t = tan(a.v); return va_chain(a, t, 1.0 + t * t); }
static inline D va_atan(const D &a) { return va_chain(a, atan(a.v), 1.0 / (1.0 + a.v * a.v)); }
static inline D va_asin(const D &a) {
    double x = a.v > 1.0 ? 1.0 : (a.v < -1.0 ? -1.0 : a.v);
    double xs = fabs(x) > 1.0 - 1e-12 ? (x > 0 ? 1.0 - 1e-12 : -1.0 + 1e-12) : x;
    return va_chain(a, asin(x), 1.0 / sqrt(1.0 - xs * xs));
}
static inline D va_acos(const D &a) {
    double x = a.v > 1.0 ? 1.0 : (a.v < -1.0 ? -1.0 : a.v);
    double xs = fabs(x) > 1.0 - 1e-12 ? (x > 0 ? 1.0 - 1e-12 : -1.0 + 1e-12) : x;
    return va_chain(a, acos(x), -1.0 / sqrt(1.0 - xs * xs));
}
static inline D va_atan2(const D &y, const D &x) {
    double r2 = va_den(x.v * x.v + y.v * y.v);
    D r; r.v = atan2(y.v, x.v);
    for (int i = 0; i < N; ++i) r.d[i] = (x.v * y.d[i] - y.v * x.d[i]) / r2;
    return r;
}
static inline D va_hypot(const D &x, const D &y) {
    double h = hypot(x.v, y.v), hg = va_den(h);
    D r; r.v = h;
    for (int i = 0; i < N; ++i) r.d[i] = (x.v * x.d[i] + y.v * y.d[i]) / hg;
    return r;
}
/* floor/ceil are piecewise constant: zero derivative. */
static inline D va_floor(const D &a) { return D(floor(a.v)); }
static inline D va_ceil(const D &a) { return D(ceil(a.v)); }

/* $simparam("name", default): look the name up in the simulator's table. */
static inline double va_simparam(const OsdiSimParas *p, const char *name, double dflt, bool has_dflt) {
    if (p && p->names)
        for (int i = 0; p->names[i]; ++i)
            if (strcmp(p->names[i], name) == 0) return p->vals[i];
    (void)has_dflt;
    return dflt;
}
