#!/usr/bin/env bash
# Large runs on a cluster: one Slurm array task per shard, each writing its own folder; merge and
# report afterwards. Usage (submitted from the project root, PDK_ROOT set on the cluster):
#   sbatch --array=1-16 scripts/slurm_array.sh testbenches/trainer_4feature corners/tapeout.yaml results/tapeout \
#     [--library combined|binned] [--seed S] [other `logsgd run` options]
#   build/logsgd merge results/tapeout results/tapeout.shard*      # after the array finishes
#   build/logsgd run testbenches/trainer_4feature --corners corners/tapeout.yaml --out results/tapeout \
#     [--library ...] [--seed ...]                                 # the whole report, nothing simulated
# Array indices: the array is one contiguous range with step 1, --array=A-B (a throttle such as
# --array=1-16%4 is fine); task i runs shard i-A+1 of B-A+1 into <out>.shard<i-A+1>, so 1-16 and
# 0-15 both give shards 1/16 .. 16/16 in <out>.shard1 .. <out>.shard16. Shard k of N runs jobs
# k, k+N, k+2N, ... of the plan. A list or a step (1,3,5 or 1-16:2) would leave shards out: refused.
# The merged run must use the same --library and --seed as the shards (the stored results are
# keyed by their inputs: a different seed would simulate everything again). Each shard's own
# report says it is partial; only the merged run's report and exit code are the run's.
# Workers per task: --cpus-per-task (default 2, below). The logsgd program: $BUILD_DIR/logsgd,
# else build/logsgd.
#SBATCH --cpus-per-task=2
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: sbatch --array=1-N $0 <testbench> <corners.yaml> <out> [--library L] [--seed S] [logsgd run options]" >&2
  exit 1
fi
testbench=$1 corners=$2 out=$3
shift 3
task=${SLURM_ARRAY_TASK_ID:?run as a Slurm array task (sbatch --array=1-N)}
first=${SLURM_ARRAY_TASK_MIN:?} last=${SLURM_ARRAY_TASK_MAX:?}
count=$((last - first + 1))
if [ "${SLURM_ARRAY_TASK_STEP:-1}" != 1 ] || [ "${SLURM_ARRAY_TASK_COUNT:-$count}" != "$count" ]; then
  echo "slurm_array: the array must be one range with step 1 (--array=1-N), not a list or a stride" >&2
  exit 1
fi
shard=$((task - first + 1))
# sbatch runs a copy of this script from its spool folder, in the folder it was submitted from.
cd "${SLURM_SUBMIT_DIR:-.}"
logsgd=${BUILD_DIR:-build}/logsgd
echo "slurm_array: task $task of $first-$last runs shard $shard/$count into $out.shard$shard" >&2
exec "$logsgd" run "$testbench" --corners "$corners" --jobs "${SLURM_CPUS_PER_TASK:-2}" \
  --shard "$shard/$count" --out "$out.shard$shard" "$@"
