// Data sets a trainer learns from: a table of features x and targets y.
#pragma once
#include <Eigen/Dense>
#include <filesystem>
#include <string>
#include <vector>

namespace logsgd {

struct Dataset {
  std::string name;
  Eigen::MatrixXd x;  // samples x features
  Eigen::VectorXd y;  // samples
  // Per sample, the sign of the bias input (empty: +1 throughout). A chopped stream negates it
  // with the sample, so that the model y = w.x + b*x_b holds for the negated sample too.
  Eigen::VectorXd bias_sign;
  int samples() const { return static_cast<int>(x.rows()); }
  double bias_sign_of(int sample) const { return bias_sign.size() == 0 ? 1.0 : bias_sign(sample); }
  int features() const { return static_cast<int>(x.cols()); }
};

// A numeric table: comma- or whitespace-separated, optionally gzip-free plain text, '#' comments
// and one optional header line of names. Throws ConfigError "file:line: ..." for a ragged row or a
// cell that is not a number.
Eigen::MatrixXd load_table(const std::filesystem::path& file);

// Features from one table and the target from the last column, or from a second table.
Dataset load_dataset(const std::filesystem::path& features, const std::filesystem::path& target = {});

// y = w·x + b + noise with x ~ U(-1, 1) per feature and Gaussian noise, from a fixed seed
// (mt19937_64 and Box-Muller: the same numbers on every platform).
Dataset synthetic_linear(const std::string& name, int samples, const std::vector<double>& weights, double bias,
                         double noise_sigma, unsigned long seed);

// Each feature and the target scaled linearly onto [-1, 1] (their full range), as the circuit's
// signed signals span a fixed range.
Dataset scaled_to_unit_range(const Dataset& data);

// Chopping at the data: every sample followed by its negation (x -> -x, y -> -y, bias input
// -> -x_b). e*x is the same for both, while a circuit's offsets in e and its products' terms
// linear in e or x change sign with the data and cancel over the pair. The ridge solution is
// the original set's (z z^T and z y are even in z).
Dataset chopped(const Dataset& data);

// Every x and y rounded to the codes of an input DAC with `levels` codes k = 0 .. levels-1 that
// stands for x = 2k/levels - 1 (an 8-bit data DAC: levels 256, steps of 1/128 from -1 to 127/128;
// cells/data_dac), clamped to that range: the values the chip is given, so that the reference
// trains on them too. Throws std::invalid_argument for levels below 2.
Dataset quantised_to_dac_codes(const Dataset& data, int levels);

}  // namespace logsgd
