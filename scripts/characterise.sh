#!/usr/bin/env bash
# The main job from a fresh machine: set up, then characterise the sky130 unit devices in weak
# inversion at -40/27/85 °C and write the report. Extra arguments go to `logsgd run`.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$project_dir/scripts/setup.sh"
cd "$project_dir"
"$BUILD_DIR/logsgd" run testbenches/device_subthreshold "$@"
