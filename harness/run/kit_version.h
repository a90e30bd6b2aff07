// The kit's own version: `git describe --always --dirty` of the source tree at build time
// ("unknown (not a git checkout)" when built from elsewhere). Reports record it.
#pragma once

namespace logsgd {

const char* kit_version();

}  // namespace logsgd
