#!/usr/bin/env bash
# The Slurm executor against a real (one-node) Slurm: starts the test cluster on this
# machine, runs //lab:slurm_smoke through it (the bot locally and through Slurm with
# equal digests and complete run folders, failure and timeout retries, the scheduling
# overhead), then a small `compare --executor slurm` against `--executor local` (the
# same digests; the difference in wall time per run is the overhead a tool sees), then
# a tiny seed report (`--quick`, one workload, system and jemalloc) both ways (the same
# cases and allocation counts, every run folder complete, every run on a node), and
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

if ! ./bazelw build //lab:slurm_smoke //lab:compare //bench/seed:report >"$work/build.log" 2>&1; then
  echo "cluster_test: FAILED: //lab:slurm_smoke, //lab:compare or //bench/seed:report did not build"
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
# The seed report through Slurm: 6 benchmark processes (order_book_ops, the counter
# overhead probe and the counted suite, under system and jemalloc) as one array.
seed_args=(--quick --workloads order_book_ops --allocators system,jemalloc)
seed() {  # seed <executor> <out> [options...]
  local start end
  start=$(date +%s.%N)
  bazel-bin/bench/seed/report "${seed_args[@]}" --executor "$1" --out "$2" "${@:3}" >"$2.log" 2>&1
  local status=$?
  end=$(date +%s.%N)
  echo "$end - $start" | bc
  return $status
}
# What must not depend on where the runs happened: the cases, per allocator, and the
# counted suite's allocation counts (deterministic, like the bot's digest).
seed_shape() {
  jq -c '{cases: [.cases[] | {case, allocators: [.allocators | to_entries[] | select(.value != null) | .key]}],
          counts: .trading_engine_counts, failed: .meta.failed_processes}' "$1/seed.json"
}
# Every run ok, on a named node, and its folder holding what a local run leaves.
seed_runs_complete() {
  local out=$1 id
  [[ -s $out/seed.md && -s $out/seed.png ]] || { echo "no seed.md or seed.png in $out"; return 1; }
  [[ $(jq '[.meta.runs[] | select(.ok and .node != "")] | length' "$out/seed.json") -eq 6 ]] ||
    { echo "not 6 successful runs with a node in $out/seed.json"; return 1; }
  for id in $(jq -r '.meta.runs[].id' "$out/seed.json"); do
    for file in report.json stdout.txt stderr.txt outcome.json; do
      [[ -f $out/runs/$id/$file ]] || { echo "missing $out/runs/$id/$file"; return 1; }
    done
  done
}
if ! seed_local_s=$(seed local "$work/seed-local"); then
  echo "cluster_test: FAILED: seed report --executor local"; tail -20 "$work/seed-local.log"; exit 1
fi
if ! seed_slurm_s=$(seed slurm "$work/seed-slurm" --slurm-partition hftbot --slurm-poll-interval 0.2); then
  echo "cluster_test: FAILED: seed report --executor slurm"; tail -20 "$work/seed-slurm.log"
  tail -20 "$cluster/slurmctld.log"; exit 1
fi
printf 'seed: local %s s, slurm %s s for 6 runs; scheduling overhead per run %.2f s\n' "$seed_local_s" \
  "$seed_slurm_s" "$(echo "($seed_slurm_s - $seed_local_s) / 6" | bc -l)"
if [[ $(jq -r '.meta.executor' "$work/seed-slurm/seed.json") != slurm ||
      $(seed_shape "$work/seed-local") != "$(seed_shape "$work/seed-slurm")" ]]; then
  echo "cluster_test: FAILED: the seed report through Slurm differs from the local one:"
  echo "  local: $(seed_shape "$work/seed-local")"
  echo "  slurm: $(seed_shape "$work/seed-slurm")"
  exit 1
fi
for out in "$work/seed-local" "$work/seed-slurm"; do
  if ! problem=$(seed_runs_complete "$out"); then
    echo "cluster_test: FAILED: seed report outputs incomplete: $problem"
    exit 1
  fi
done

echo "cluster_test: PASSED (outputs in $work)"
exit 0
