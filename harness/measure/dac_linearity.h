// Static linearity of a current-steering DAC from a sweep over its codes: the fraction of its
// full-scale current it steers into the positive output, against the code, as a converter
// designer states it (INL against the best-fit line and DNL, in LSB; gain and offset against the
// ideal transfer; the full-scale current against its design value; how constant P + N stays).
#pragma once
#include <vector>

namespace logsgd {

struct DacLinearity {
  double inl_max = 0;           // max |INL|, LSB, against the least-squares line through every code
  double dnl_max = 0;           // max |DNL|, LSB (steps between consecutive codes against that line's LSB)
  double dnl_min = 0;           // most negative DNL, LSB (below -1: the output falls: not monotonic)
  double gain_error = 0;        // the line's LSB against 1/levels, relative
  double offset = 0;            // the line at code 0, LSB (ideal 0)
  double full_scale_error = 0;  // mean(P + N) against the design full scale, relative
  double total_spread = 0;      // (max - min)/mean of P + N over the codes (ideal 0: complementary)
};

// codes: the swept code per point (consecutive integers once sorted); positive, negative: the
// two outputs' currents (their signs are ignored); levels: 2^bits; full_scale: the design P + N.
DacLinearity dac_linearity(const std::vector<double>& codes, const std::vector<double>& positive,
                           const std::vector<double>& negative, double levels, double full_scale);

}  // namespace logsgd
