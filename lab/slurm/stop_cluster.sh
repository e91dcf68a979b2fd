#!/usr/bin/env bash
# Stops what lab/slurm/start_cluster.sh started in DIR: slurmd, slurmctld, and munged
# only if that script started it. Keeps DIR (logs, state) for inspection.
#
#   sudo lab/slurm/stop_cluster.sh [DIR]      # DIR default: /tmp/hftbot-slurm
set -uo pipefail

dir=${1:-${HFT_SLURM_DIR:-/tmp/hftbot-slurm}}

stop() {  # stop <name> <pid file> : SIGTERM, then SIGKILL after 10 s
  local name=$1 pid_file=$2 pid
  [[ -s $pid_file ]] || return 0
  pid=$(cat "$pid_file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "stop_cluster: $name ($pid) ignored SIGTERM; killing it" >&2
      kill -KILL "$pid"
    fi
  fi
  rm -f "$pid_file"
}

stop slurmd "$dir/slurmd.pid"
stop slurmctld "$dir/slurmctld.pid"
stop munged "$dir/munged.pid"
echo "stop_cluster: stopped; logs kept in $dir" >&2
