#!/usr/bin/env bash
# The Slurm executor against a real (one-node) Slurm: starts the test cluster on this
# machine, runs //lab:slurm_smoke through it (the bot locally and through Slurm with
# equal digests and complete run folders, failure and timeout retries, the scheduling
# overhead), and stops the cluster again, also when a step fails.
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

if ! ./bazelw build //lab:slurm_smoke >"$work/build.log" 2>&1; then
  echo "cluster_test: FAILED: //lab:slurm_smoke did not build"
  tail -30 "$work/build.log"
  exit 1
fi
if ! env_line=$(lab/slurm/start_cluster.sh "$cluster"); then
  echo "cluster_test: FAILED: the one-node cluster did not start"
  exit 1
fi
eval "$env_line"  # export SLURM_CONF=...
sinfo

if bazel-bin/lab/slurm_smoke --shared-dir "$work/shared" --out "$work/out" --partition hftbot \
    --poll-interval 0.2 "$@"; then
  echo "cluster_test: PASSED (outputs in $work)"
  exit 0
fi
echo "cluster_test: FAILED; slurmctld log tail:"
tail -20 "$cluster/slurmctld.log"
exit 1
