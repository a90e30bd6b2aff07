#!/usr/bin/env bash
# A Monte Carlo corner set run twice, on this machine and through Slurm, and the two reports
# compared: brings up a single-node cluster (scripts/slurm_local.sh), submits
# scripts/slurm_array.sh as an array of shards (sbatch --wait), merges the shards, writes the
# merged report (nothing simulated again) and compares its results.json with the local run's:
# every job's id, seed, parameters and measured values, every check, the Monte Carlo statistics
# and aggregates and the exit code must be equal; provenance (date, host, workers), wall and
# simulation times and deck reuse are where and when a job ran, and are left out.
#   scripts/slurm_check.sh [--out DIR] [--tasks N] [--samples S] [--seed S] [--library L] [testbench [corners.yaml]]
# Defaults: mirror_mismatch, a corner file of the typical corner and S=8 mismatch samples,
# N=3 array tasks run one at a time, seed 7, out results/slurm-check. The cluster is taken down
# afterwards unless it was up before. Exit codes: 0 the reports are equal, 1 they differ or a
# step failed, 77 Slurm cannot run here (the message says why).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$project_dir"

out=$project_dir/results/slurm-check tasks=3 samples=8 seed=7 library=combined
positional=()
while [ $# -gt 0 ]; do
  case $1 in
    --out) out=$(realpath -m "$2"); shift 2 ;;
    --tasks) tasks=$2; shift 2 ;;
    --samples) samples=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --library) library=$2; shift 2 ;;
    -*) echo "slurm_check: unknown option $1" >&2; exit 1 ;;
    *) positional+=("$1"); shift ;;
  esac
done
testbench=${positional[0]:-mirror_mismatch}
corners=${positional[1]:-}

fail() { echo "slurm_check: $*" >&2; exit 1; }
logsgd=$BUILD_DIR/logsgd
[ -x "$logsgd" ] || "$project_dir/scripts/setup.sh"
command -v jq >/dev/null || { apt-get install -y -qq --no-install-recommends jq >/dev/null 2>&1 || fail "jq is missing"; }

export LOGSGD_SLURM_DIR=${LOGSGD_SLURM_DIR:-$project_dir/results/slurm-cluster}
was_up=0
if [ -f "$LOGSGD_SLURM_DIR/slurmctld.pid" ] && kill -0 "$(cat "$LOGSGD_SLURM_DIR/slurmctld.pid")" 2>/dev/null; then was_up=1; fi
set +e
"$project_dir/scripts/slurm_local.sh" up
code=$?
set -e
[ $code -eq 0 ] || exit $code
[ $was_up -eq 1 ] || trap '"$project_dir/scripts/slurm_local.sh" down' EXIT
export SLURM_CONF=$LOGSGD_SLURM_DIR/slurm.conf

rm -rf "$out"
mkdir -p "$out"
if [ -z "$corners" ]; then
  corners=$out/mc.yaml
  printf 'name: slurm_check\ndescription: typical corner and %s mismatch samples\nprocess: [tt]\ntemperature: [27]\nvdd: [1.8]\nmonte_carlo: {samples: %s, mismatch: true}\n' \
    "$samples" "$samples" >"$corners"
fi
common=(--corners "$corners" --library "$library" --seed "$seed" --no-history)

# 0 (pass) and 2 (a spec failed) are reports to compare; anything else is a failure of the run.
report_or_fail() { [ "$1" -eq 0 ] || [ "$1" -eq 2 ] || fail "$2 exited $1"; }

echo "slurm_check: local run of $testbench ($corners) into $out/local" >&2
set +e
"$logsgd" run "$testbench" "${common[@]}" --jobs 1 --out "$out/local" >"$out/local.log" 2>&1
code=$?
set -e
report_or_fail $code "the local run (see $out/local.log)"

echo "slurm_check: $tasks Slurm array tasks into $out/slurm.shard1 .. $out/slurm.shard$tasks" >&2
set +e
# One task at a time, one worker each: the machine's cores are shared.
sbatch --wait --quiet --array="1-$tasks%1" --cpus-per-task=1 --job-name=logsgd-check \
  --output="$out/slurm-%A_%a.out" scripts/slurm_array.sh "$testbench" "$corners" "$out/slurm" \
  --library "$library" --seed "$seed"
code=$?
set -e
# sbatch --wait exits with the highest exit code of the tasks: 2 is a shard whose spec failed.
report_or_fail $code "the Slurm array (task logs: $out/slurm-*.out)"
shards=()
for k in $(seq "$tasks"); do
  shard=$out/slurm.shard$k
  [ -f "$shard/results.json" ] || fail "shard $k wrote no results.json (task logs: $out/slurm-*.out)"
  [ "$(jq -r '.shard.partial' "$shard/results.json")" = true ] || fail "shard $k's results.json does not say it is partial"
  grep -q "Partial report: shard $k of $tasks" "$shard/report.md" || fail "shard $k's report.md does not say it is partial"
  shards+=("$shard")
done

"$logsgd" merge "$out/slurm" "${shards[@]}" >&2
set +e
"$logsgd" run "$testbench" "${common[@]}" --jobs 1 --out "$out/slurm" >"$out/merged.log" 2>&1
code=$?
set -e
report_or_fail $code "the merged run (see $out/merged.log)"
jobs=$(jq '.jobs | length' "$out/slurm/results.json")
grep -q "| jobs taken from the result store (resumed) | $jobs |" "$out/slurm/report.md" ||
  fail "the merged run simulated again: not all $jobs jobs came from the shards (see $out/slurm/report.md)"

# Where and when a job ran is not part of the result.
normalise() { jq -S 'del(.provenance, .wall_s, .workers) | .jobs |= map(del(.timing_s, .reused_deck))' "$1"; }
normalise "$out/local/results.json" >"$out/local.normalised.json"
normalise "$out/slurm/results.json" >"$out/slurm.normalised.json"
if ! diff -u "$out/local.normalised.json" "$out/slurm.normalised.json" >"$out/difference.diff"; then
  head -n 40 "$out/difference.diff" >&2
  fail "the Slurm report differs from the local one ($out/difference.diff)"
fi
verdict=$(jq -r '.exit_code | if . == 0 then "PASS" elif . == 2 then "FAIL" else "ERROR" end' "$out/local/results.json")
echo "slurm_check: equal — $jobs jobs, $(jq '.checks | length' "$out/local/results.json") checks, verdict $verdict;" \
  "$tasks Slurm shards merged against one local run ($out/local/report.md, $out/slurm/report.md)"
