#!/usr/bin/env bash
# The main job from a fresh machine: set up, build, then run the transistor-level SGDr trainer
# (testbenches/trainer_1feature: 1 feature + bias, ~30 min of simulation) on its quick corner
# (tt, 27 °C, 1.8 V) and write its report: weights against ideal SGDr, their error, the loss,
# effective bits, power, and what inside the macro is still ideal.
# Extra arguments go to `logsgd run` (e.g. --corners corners/mc16_combined.yaml --jobs 2).
# Exit codes as for a run: 0 every spec passes, 2 a spec fails, 1 an error.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$project_dir/scripts/setup.sh"
cd "$project_dir"
"$BUILD_DIR/logsgd" run testbenches/trainer_1feature --out results/trainer_1feature-quick "$@"
