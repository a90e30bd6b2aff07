#include "kit_version.h"

// Generated at every build by cmake/kit_version.cmake; only this file includes it, so a new
// version recompiles one file.
#include "kit_version_value.h"

namespace logsgd {

const char* kit_version() { return LOGSGD_KIT_VERSION; }

}  // namespace logsgd
