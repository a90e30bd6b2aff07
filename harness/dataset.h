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
  int samples() const { return static_cast<int>(x.rows()); }
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

}  // namespace logsgd
