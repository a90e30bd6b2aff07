// A YAML node that remembers its file and key path, so every error names file:line and key.
#pragma once
#include <yaml-cpp/yaml.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "config_error.h"

namespace logsgd {

class YamlNode {
 public:
  // Parses a file; a syntax error or a key given twice in one mapping becomes a ConfigError
  // naming file, line and key.
  static YamlNode load_file(const std::string& path);
  static YamlNode load_string(const std::string& text, const std::string& origin);

  YamlNode(YAML::Node node, std::string file, std::string key);
  YamlNode(const YamlNode&) = default;
  // Rebinds, unlike YAML::Node's assignment, which writes the value into the node referred to.
  YamlNode& operator=(const YamlNode& other);

  const std::string& file() const { return file_; }
  const std::string& key() const { return key_; }
  int line() const;  // 1-based; 0 when unknown
  std::string where() const;  // "file:line: key 'a.b'"
  [[noreturn]] void fail(const std::string& message) const;

  bool is_map() const { return node_.IsMap(); }
  bool is_sequence() const { return node_.IsSequence(); }
  bool is_scalar() const { return node_.IsScalar(); }

  bool has(const std::string& child) const;
  YamlNode at(const std::string& child) const;  // required child of a map
  std::optional<YamlNode> find(const std::string& child) const;
  std::vector<YamlNode> items() const;  // elements of a sequence
  std::vector<std::pair<std::string, YamlNode>> entries() const;  // ordered entries of a map

  // Rejects keys not in `allowed`, so a typo is an error instead of a silent default.
  void expect_keys(const std::set<std::string>& allowed) const;

  std::string as_string() const;
  double as_number() const;  // plain numbers and SPICE-suffixed ones ("10n", "1.8")
  long as_integer() const;
  bool as_bool() const;
  std::vector<std::string> as_strings() const;  // a scalar or a sequence of scalars
  std::vector<double> as_numbers() const;

  std::string string_or(const std::string& child, const std::string& fallback) const;
  double number_or(const std::string& child, double fallback) const;

 private:
  YAML::Node node_;
  std::string file_;
  std::string key_;
};

}  // namespace logsgd
