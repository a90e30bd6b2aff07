// An error in a user-written input (YAML, template, CSV): says where, so the user can fix it.
#pragma once
#include <stdexcept>
#include <string>

namespace logsgd {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace logsgd
