#include "subset.h"

namespace va {

const std::map<std::string, std::pair<int, int>> &supportedFunctions() {
    static const std::map<std::string, std::pair<int, int>> k = {
        {"exp", {1, 1}},   {"ln", {1, 1}},    {"log", {1, 1}},   {"sqrt", {1, 1}},  {"pow", {2, 2}},
        {"min", {2, 2}},   {"max", {2, 2}},   {"abs", {1, 1}},   {"tanh", {1, 1}},  {"limexp", {1, 1}},
        {"sin", {1, 1}},   {"cos", {1, 1}},   {"tan", {1, 1}},   {"asin", {1, 1}},  {"acos", {1, 1}},
        {"atan", {1, 1}},  {"atan2", {2, 2}}, {"sinh", {1, 1}},  {"cosh", {1, 1}},  {"hypot", {2, 2}},
        {"floor", {1, 1}}, {"ceil", {1, 1}},  {"ddt", {1, 1}},
    };
    return k;
}

const std::map<std::string, std::string> &systemMathFunctions() {
    static const std::map<std::string, std::string> k = {
        {"$ln", "ln"},       {"$log10", "log"},   {"$exp", "exp"},     {"$sqrt", "sqrt"},
        {"$pow", "pow"},     {"$floor", "floor"}, {"$ceil", "ceil"},   {"$sin", "sin"},
        {"$cos", "cos"},     {"$tan", "tan"},     {"$asin", "asin"},   {"$acos", "acos"},
        {"$atan", "atan"},   {"$atan2", "atan2"}, {"$hypot", "hypot"}, {"$sinh", "sinh"},
        {"$cosh", "cosh"},   {"$tanh", "tanh"},
    };
    return k;
}

const std::set<std::string> &unsupportedFunctions() {
    static const std::set<std::string> k = {
        "idt", "idtmod", "ddx", "absdelay", "transition", "slew", "laplace_nd", "laplace_np",
        "laplace_zd", "laplace_zp", "zi_nd", "zi_np", "zi_zd", "zi_zp", "last_crossing", "cross",
        "above", "timer", "initial_step", "final_step", "white_noise", "flicker_noise",
        "noise_table", "noise_table_log", "analysis", "potential", "flow", "asinh", "acosh", "atanh"};
    return k;
}

}  // namespace va
