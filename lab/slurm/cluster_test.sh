#!/usr/bin/env bash
# The Slurm executor against a real (one-node) Slurm: starts the test cluster on this
# machine, runs //lab:slurm_smoke through it (the bot locally and through Slurm with
# equal digests and complete run folders, failure and timeout retries, the scheduling
# overhead), then a small `compare --executor slurm` against `--executor local` (the
# same digests; the difference in wall time per run is the overhead a tool sees), and
# stops the cluster again, also when a step fails.
#
#   sudo lab/slurm/cluster_test.sh [--overhead-repetitions N]
#
# Exit 0: passed; 1: failed; 77: skipped (not root: it must start munged, slurmctld and
# slurmd). Not a `bazel test`: it needs root and long-lived daemons. CI runs it.
set -uo pipefail
cd "$(dirname "$0")/../.."

if [[ $(id -u) -ne 0 ]]; then
  echo "cluster_test: SKIPPED: needs root to start munged, slurmctld and slurmd"
  exit 77
fi

work=$(mktemp -d /tmp/hftbot-slurm-test-XXXXXX)
cluster=$work/cluster
stop() { lab/slurm/stop_cluster.sh "$cluster"; }
trap stop EXIT
trap 'exit 1' INT TERM  # e.g. CI's `timeout`: still stop the daemons

if ! ./bazelw build //lab:slurm_smoke //lab:compare >"$work/build.log" 2>&1; then
  echo "cluster_test: FAILED: //lab:slurm_smoke or //lab:compare did not build"
  tail -30 "$work/build.log"
  exit 1
fi
if ! env_line=$(lab/slurm/start_cluster.sh "$cluster"); then
  echo "cluster_test: FAILED: the one-node cluster did not start"
  exit 1
fi
eval "$env_line"  # export SLURM_CONF=...
sinfo

if ! bazel-bin/lab/slurm_smoke --shared-dir "$work/shared" --out "$work/out" --partition hftbot \
    --poll-interval 0.2 "$@"; then
  echo "cluster_test: FAILED; slurmctld log tail:"
  tail -20 "$cluster/slurmctld.log"
  exit 1
fi

# compare through Slurm changes where the runs happen, nothing else: 2 allocators x 2
# rounds (+ warm-up) on the bundled sample, once locally and once as an array, with
# the same digests; the difference in wall time over the runs is the per-task overhead.
compare_args=(--allocators system,jemalloc --runs 2 --run-timeout 300)
compare() {  # compare <executor> <out> [options...]
  local start end
  start=$(date +%s.%N)
  bazel-bin/lab/compare "${compare_args[@]}" --executor "$1" --out "$2" "${@:3}" >"$2.log" 2>&1
  local status=$?
  end=$(date +%s.%N)
  echo "$end - $start" | bc
  return $status
}
digests() { jq -c '[.runs[] | .report.digest] | unique' "$1/compare.json"; }
if ! local_s=$(compare local "$work/compare-local"); then
  echo "cluster_test: FAILED: compare --executor local"; tail -20 "$work/compare-local.log"; exit 1
fi
if ! slurm_s=$(compare slurm "$work/compare-slurm" --slurm-partition hftbot --slurm-poll-interval 0.2); then
  echo "cluster_test: FAILED: compare --executor slurm"; tail -20 "$work/compare-slurm.log"
  tail -20 "$cluster/slurmctld.log"; exit 1
fi
runs=$(jq '.runs_ran' "$work/compare-slurm/compare.json")
local_digests=$(digests "$work/compare-local") slurm_digests=$(digests "$work/compare-slurm")
echo "compare: local ${local_s} s, slurm ${slurm_s} s for ${runs} runs; digests local ${local_digests}, slurm ${slurm_digests}"
printf 'compare: scheduling overhead per run %.2f s\n' "$(echo "($slurm_s - $local_s) / $runs" | bc -l)"
if [[ $(jq -r '.executor' "$work/compare-slurm/compare.json") != slurm || $local_digests != "$slurm_digests" ||
      $(jq 'length' <<<"$slurm_digests") -ne 1 ]]; then
  echo "cluster_test: FAILED: compare through Slurm gave other digests than locally (or not one digest)"
  exit 1
fi
echo "cluster_test: PASSED (outputs in $work)"
exit 0
