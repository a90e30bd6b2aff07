#!/usr/bin/env bash
# The test suite from a fresh machine: set up, then run unit and integration tests (real sky130
# simulations through libngspice) with CTest.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$project_dir/scripts/setup.sh"
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)" "$@"
