#include "dataset.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "config_error.h"

namespace logsgd {

Eigen::MatrixXd load_table(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw ConfigError(fmt::format("{}: cannot read file", file.string()));
  std::vector<std::vector<double>> rows;
  std::size_t line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    for (char& c : line)
      if (c == ',' || c == ';' || c == '\t' || c == '\r') c = ' ';
    std::istringstream cells(line);
    std::vector<std::string> texts;
    for (std::string cell; cells >> cell;) texts.push_back(cell);
    if (texts.empty()) continue;
    std::vector<double> row;
    bool header = false;
    for (std::size_t c = 0; c < texts.size(); ++c) {
      char* end = nullptr;
      double value = std::strtod(texts[c].c_str(), &end);
      if (end == texts[c].c_str() || *end != '\0' || !std::isfinite(value)) {
        if (rows.empty() && !header && c == 0) {
          header = true;  // a line of names before any data
          break;
        }
        throw ConfigError(fmt::format("{}:{}: column {}: '{}' is not a number", file.string(), line_number, c + 1, texts[c]));
      }
      row.push_back(value);
    }
    if (header) continue;
    if (!rows.empty() && row.size() != rows.front().size())
      throw ConfigError(fmt::format("{}:{}: {} columns, but the first data row has {}", file.string(), line_number,
                                    row.size(), rows.front().size()));
    rows.push_back(std::move(row));
  }
  if (rows.empty()) throw ConfigError(fmt::format("{}: no data rows", file.string()));
  Eigen::MatrixXd table(rows.size(), rows.front().size());
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < rows[r].size(); ++c) table(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = rows[r][c];
  return table;
}

Dataset load_dataset(const std::filesystem::path& features, const std::filesystem::path& target) {
  Dataset data;
  data.name = features.stem().string();
  Eigen::MatrixXd table = load_table(features);
  if (target.empty()) {
    if (table.cols() < 2) throw ConfigError(fmt::format("{}: needs at least one feature column and a target column", features.string()));
    data.x = table.leftCols(table.cols() - 1);
    data.y = table.col(table.cols() - 1);
    return data;
  }
  Eigen::MatrixXd y = load_table(target);
  if (y.cols() != 1) throw ConfigError(fmt::format("{}: the target file has {} columns, expected 1", target.string(), y.cols()));
  if (y.rows() != table.rows())
    throw ConfigError(fmt::format("{} has {} rows but {} has {}", features.string(), table.rows(), target.string(), y.rows()));
  data.x = table;
  data.y = y.col(0);
  return data;
}

Dataset synthetic_linear(const std::string& name, int samples, const std::vector<double>& weights, double bias,
                         double noise_sigma, unsigned long seed) {
  std::mt19937_64 engine(seed);
  auto uniform = [&] { return (static_cast<double>(engine() >> 11) + 0.5) / 9007199254740992.0; };  // (0, 1)
  Dataset data;
  data.name = name;
  data.x.resize(samples, static_cast<Eigen::Index>(weights.size()));
  data.y.resize(samples);
  for (int s = 0; s < samples; ++s) {
    double y = bias;
    for (std::size_t f = 0; f < weights.size(); ++f) {
      double x = 2 * uniform() - 1;
      data.x(s, static_cast<Eigen::Index>(f)) = x;
      y += weights[f] * x;
    }
    double gaussian = std::sqrt(-2 * std::log(uniform())) * std::cos(2 * M_PI * uniform());
    data.y(s) = y + noise_sigma * gaussian;
  }
  return data;
}

Dataset chopped(const Dataset& data) {
  Dataset out;
  out.name = data.name + " (chopped)";
  const int n = data.samples();
  out.x.resize(2 * n, data.features());
  out.y.resize(2 * n);
  out.bias_sign.resize(2 * n);
  for (int s = 0; s < n; ++s) {
    const double sign = data.bias_sign_of(s);
    out.x.row(2 * s) = data.x.row(s);
    out.x.row(2 * s + 1) = -data.x.row(s);
    out.y(2 * s) = data.y(s);
    out.y(2 * s + 1) = -data.y(s);
    out.bias_sign(2 * s) = sign;
    out.bias_sign(2 * s + 1) = -sign;
  }
  return out;
}

Dataset quantised_to_dac_codes(const Dataset& data, int levels) {
  if (levels < 2) throw std::invalid_argument("an input DAC has at least 2 codes");
  const double half = levels / 2.0;
  auto code_value = [&](double v) {
    const double k = std::clamp(std::round((1 + v) * half), 0.0, levels - 1.0);
    return k / half - 1;
  };
  Dataset out = data;
  out.x = data.x.unaryExpr(code_value);
  out.y = data.y.unaryExpr(code_value);
  return out;
}

Dataset scaled_to_unit_range(const Dataset& data) {
  Dataset scaled = data;
  auto scale = [](auto column) {
    double lo = column.minCoeff(), hi = column.maxCoeff();
    double mid = (hi + lo) / 2, half = (hi - lo) / 2;
    if (half > 0) column = (column.array() - mid) / half;
  };
  for (Eigen::Index f = 0; f < scaled.x.cols(); ++f) scale(scaled.x.col(f));
  scale(scaled.y.col(0));
  return scaled;
}

}  // namespace logsgd
