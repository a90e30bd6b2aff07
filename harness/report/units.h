// Values with their units as designers write them: engineering prefixes for SI units only
// (1.23e-9 A -> "1.23 nA", 8e-2 V/dec -> "80 mV/dec"), plain numbers for everything else
// (0.5 % stays "0.5 %", never "500 m%"; 0.8673 dec, 0.316 A/A, 7.9 bits likewise).
#pragma once
#include <string>

namespace logsgd {

// True when the unit's numerator is an SI unit symbol (A, V, W, J, s, Hz, F, Ω/ohm, S, C, H) and
// its denominator, if any, is a different unit: "A", "A/V", "V/dec". False for "%", "bits", "dec",
// "ratio", "1/s", "A/A", "V/V", "" and anything already prefixed ("mV").
bool takes_si_prefix(const std::string& unit);

// Four significant digits and the unit, with an engineering prefix when the unit takes one;
// "—" for a value that is not finite.
std::string format_value(double value, const std::string& unit);

}  // namespace logsgd
