#!/usr/bin/env bash
# Soak test, run on demand (not part of the test suite): a long paced replay must not
# grow in RSS or allocator statistics after the warm-up.
#   tests/soak.sh [minutes=10] [rate=20000] [allocator=system] [profile=naive]
# Prints the bot's memory section; exits 1 if the report warns about RSS growth.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-10}
rate=${2:-20000}
allocator=${3:-system}
profile=${4:-naive}
work=$(mktemp -d)
events=$((minutes * 60 * rate))
echo "soak: generating $events events ($minutes min at $rate events/s)"
./bazelw run -c opt //feed:record -- --symbols AAPL,MSFT,BTC-USD,ETH-USD --events "$events" --rate "$rate" \
  --seed 11 -o "$work/soak.bin" >/dev/null
echo "soak: replaying with --//alloc=$allocator --profile $profile at --speed 1"
./bazelw run //bot --//alloc="$allocator" -- --ticks "$work/soak.bin" --speed 1 --profile "$profile" \
  --no-progress --report-json "$work/soak.json" | sed -n '/^memory:/,/^$/p'
if grep -q '"RSS grew' "$work/soak.json"; then
  echo "soak: FAILED: RSS grew after the warm-up (report: $work/soak.json)"
  exit 1
fi
echo "soak: passed (report: $work/soak.json)"
