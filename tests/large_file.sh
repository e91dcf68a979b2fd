#!/usr/bin/env bash
# Bounded memory on a file larger than the budget, run on demand (not part of the suite):
#   tests/large_file.sh [gigabytes=2] [budget_mb=256]
# Generates a native binary tick file of about that size, replays it at --speed max with
# the budget, and prints the peak RSS next to the budget.
set -euo pipefail
cd "$(dirname "$0")/.."
gigabytes=${1:-2}
budget=${2:-256}
work=${LARGE_FILE_DIR:-$(mktemp -d)}
file="$work/large.bin"
record_bytes=64
events=$((gigabytes * 1024 * 1024 * 1024 / record_bytes))
if [[ ! -f "$file" ]]; then
  echo "large-file: generating $events events into $file"
  ./bazelw run //feed:record -- --symbols AAPL,MSFT,BTC-USD,ETH-USD --events "$events" --seed 5 -o "$file" >/dev/null
fi
ls -l "$file"
./bazelw run //bot -- --ticks "$file" --memory-budget-mb "$budget" --no-progress --report-json "$work/large.json" \
  | grep -E 'ticks file|read =|throughput|peak RSS'
echo "large-file: budget $budget MiB; report $work/large.json"
