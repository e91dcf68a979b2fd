#!/usr/bin/env bash
# Bounded memory on a file larger than the budget, run on demand (not part of the suite):
#   tests/large_file.sh [gigabytes=2] [budget_mb=256]
# Generates a native binary tick file of about that size (48-byte records, feed/tick_codec.h
# kBinaryRecordSize), replays it at --speed max with the budget, and fails (exit 1) when the
# process's peak RSS exceeds the budget or the file was not streamed.
set -euo pipefail
cd "$(dirname "$0")/.."
gigabytes=${1:-2}
budget=${2:-256}
work=${LARGE_FILE_DIR:-$(mktemp -d)}
file="$work/large.bin"
record_bytes=$(sed -n 's/.*kBinaryRecordSize = \([0-9]*\);.*/\1/p' feed/tick_codec.h)
[[ -n $record_bytes ]] || { echo "large-file: no kBinaryRecordSize in feed/tick_codec.h"; exit 1; }
events=$((gigabytes * 1024 * 1024 * 1024 / record_bytes))
if [[ ! -f "$file" ]]; then
  echo "large-file: generating $events events ($record_bytes-byte records) into $file"
  ./bazelw run //feed:record -- --symbols AAPL,MSFT,BTC-USD,ETH-USD --events "$events" --seed 5 -o "$file" >/dev/null
fi
ls -l "$file"
./bazelw run //bot -- --ticks "$file" --memory-budget-mb "$budget" --no-progress --report-json "$work/large.json" \
  | grep -E 'ticks file|read =|throughput|peak RSS|streamed'
json_number() { sed -n "s/.*\"$1\": *\([0-9]*\).*/\1/p" "$work/large.json" | head -1; }
peak=$(json_number peak_rss_bytes)
[[ -n $peak ]] || { echo "large-file: FAILED: no memory.peak_rss_bytes in $work/large.json"; exit 1; }
peak_mib=$((peak / 1048576))
echo "large-file: peak RSS $peak_mib MiB, budget $budget MiB; report $work/large.json"
if ! grep -qE '"streamed": *true' "$work/large.json"; then
  echo "large-file: FAILED: a file over the budget was not streamed"
  exit 1
fi
if ((peak_mib > budget)); then
  echo "large-file: FAILED: peak RSS is over the budget"
  exit 1
fi
echo "large-file: PASSED"
