#!/usr/bin/env bash
# Large runs on a cluster: one Slurm array task per shard, each writing its own folder; merge and
# report afterwards. Usage (from the project root, PDK_ROOT set on the cluster):
#   sbatch --array=1-16 scripts/slurm_array.sh testbenches/trainer_4feature corners/tapeout.yaml results/tapeout
#   build/logsgd merge results/tapeout results/tapeout.shard*      # after the array finishes
#   build/logsgd run testbenches/trainer_4feature --corners corners/tapeout.yaml --out results/tapeout
#SBATCH --cpus-per-task=2
set -euo pipefail
testbench=$1 corners=$2 out=$3
shard="${SLURM_ARRAY_TASK_ID:?run as a Slurm array task}/${SLURM_ARRAY_TASK_COUNT:?}"
exec build/logsgd run "$testbench" --corners "$corners" --jobs "${SLURM_CPUS_PER_TASK:-2}" \
  --shard "$shard" --out "$out.shard$SLURM_ARRAY_TASK_ID"
