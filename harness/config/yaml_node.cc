#include "yaml_node.h"

#include <fmt/format.h>

#include <map>

#include "spice_value.h"

namespace logsgd {

static std::string join_key(const std::string& parent, const std::string& child) {
  return parent.empty() ? child : parent + "." + child;
}

// yaml-cpp keeps both entries of a repeated key and lookups return the first, so `gain: 1` and a
// later `gain: 2` would silently read 1. Every mapping of a loaded document is checked here.
static void reject_duplicate_keys(const YAML::Node& node, const std::string& file, const std::string& key) {
  if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) reject_duplicate_keys(node[i], file, fmt::format("{}[{}]", key, i));
  } else if (node.IsMap()) {
    std::map<std::string, int> first_line;
    for (const auto& entry : node) {
      if (!entry.first.IsScalar()) continue;  // complex keys are refused later as "expected a single value"
      const std::string name = entry.first.Scalar();
      const int line = entry.first.Mark().line + 1;
      auto [seen, fresh] = first_line.emplace(name, line);
      if (!fresh)
        throw ConfigError(fmt::format("{}:{}: key '{}': duplicate key (first given at line {})", file, line,
                                      join_key(key, name), seen->second));
      reject_duplicate_keys(entry.second, file, join_key(key, name));
    }
  }
}

YamlNode YamlNode::load_file(const std::string& path) {
  try {
    YAML::Node document = YAML::LoadFile(path);
    reject_duplicate_keys(document, path, "");
    return YamlNode(document, path, "");
  } catch (const YAML::BadFile&) {
    throw ConfigError(fmt::format("{}: cannot read file", path));
  } catch (const YAML::ParserException& e) {
    throw ConfigError(fmt::format("{}:{}: YAML syntax error: {}", path, e.mark.line + 1, e.msg));
  }
}

YamlNode YamlNode::load_string(const std::string& text, const std::string& origin) {
  try {
    YAML::Node document = YAML::Load(text);
    reject_duplicate_keys(document, origin, "");
    return YamlNode(document, origin, "");
  } catch (const YAML::ParserException& e) {
    throw ConfigError(fmt::format("{}:{}: YAML syntax error: {}", origin, e.mark.line + 1, e.msg));
  }
}

YamlNode::YamlNode(YAML::Node node, std::string file, std::string key)
    : node_(std::move(node)), file_(std::move(file)), key_(std::move(key)) {}

YamlNode& YamlNode::operator=(const YamlNode& other) {
  node_.reset(other.node_);
  file_ = other.file_;
  key_ = other.key_;
  return *this;
}

int YamlNode::line() const {
  auto mark = node_.Mark();
  return mark.line >= 0 ? mark.line + 1 : 0;
}

std::string YamlNode::where() const {
  std::string location = line() > 0 ? fmt::format("{}:{}", file_, line()) : file_;
  return key_.empty() ? location : fmt::format("{}: key '{}'", location, key_);
}

void YamlNode::fail(const std::string& message) const {
  throw ConfigError(fmt::format("{}: {}", where(), message));
}

bool YamlNode::has(const std::string& child) const { return node_.IsMap() && node_[child]; }

YamlNode YamlNode::at(const std::string& child) const {
  if (!node_.IsMap()) fail("expected a mapping");
  auto found = find(child);
  if (!found) fail(fmt::format("missing required key '{}'", join_key(key_, child)));
  return *found;
}

std::optional<YamlNode> YamlNode::find(const std::string& child) const {
  if (!node_.IsMap()) return std::nullopt;
  YAML::Node value = node_[child];
  if (!value) return std::nullopt;
  return YamlNode(value, file_, join_key(key_, child));
}

std::vector<YamlNode> YamlNode::items() const {
  if (!node_.IsSequence()) fail("expected a list");
  std::vector<YamlNode> result;
  for (std::size_t i = 0; i < node_.size(); ++i)
    result.emplace_back(node_[i], file_, fmt::format("{}[{}]", key_, i));
  return result;
}

std::vector<std::pair<std::string, YamlNode>> YamlNode::entries() const {
  if (!node_.IsMap()) fail("expected a mapping");
  std::vector<std::pair<std::string, YamlNode>> result;
  for (const auto& entry : node_) {
    auto name = entry.first.as<std::string>();
    result.emplace_back(name, YamlNode(entry.second, file_, join_key(key_, name)));
  }
  return result;
}

void YamlNode::expect_keys(const std::set<std::string>& allowed) const {
  if (!node_.IsMap()) fail("expected a mapping");
  for (const auto& entry : node_) {
    auto name = entry.first.as<std::string>();
    if (!allowed.count(name)) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      YamlNode(entry.first, file_, join_key(key_, name))
          .fail(fmt::format("unknown key (expected one of: {})", list));
    }
  }
}

std::string YamlNode::as_string() const {
  if (!node_.IsScalar()) fail("expected a single value");
  return node_.Scalar();
}

double YamlNode::as_number() const {
  auto value = parse_spice_number(as_string());
  if (!value) fail(fmt::format("'{}' is not a number (SPICE suffixes such as 10n or 1.8 are allowed)", as_string()));
  return *value;
}

long YamlNode::as_integer() const {
  double value = as_number();
  if (value != static_cast<double>(static_cast<long>(value))) fail(fmt::format("'{}' is not a whole number", as_string()));
  return static_cast<long>(value);
}

bool YamlNode::as_bool() const {
  try {
    return node_.as<bool>();
  } catch (const YAML::Exception&) {
    fail(fmt::format("'{}' is not true or false", as_string()));
  }
}

std::vector<std::string> YamlNode::as_strings() const {
  if (node_.IsScalar()) return {as_string()};
  std::vector<std::string> result;
  for (const auto& item : items()) result.push_back(item.as_string());
  return result;
}

std::vector<double> YamlNode::as_numbers() const {
  if (node_.IsScalar()) return {as_number()};
  std::vector<double> result;
  for (const auto& item : items()) result.push_back(item.as_number());
  return result;
}

std::string YamlNode::string_or(const std::string& child, const std::string& fallback) const {
  auto found = find(child);
  return found ? found->as_string() : fallback;
}

double YamlNode::number_or(const std::string& child, double fallback) const {
  auto found = find(child);
  return found ? found->as_number() : fallback;
}

}  // namespace logsgd
