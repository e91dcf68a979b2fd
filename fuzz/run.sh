#!/bin/bash
# Runs every libFuzzer target in //fuzz for N seconds each (default 60), built with
# clang-14 + ASan/UBSan (--config=fuzz) in its own Bazel output base, so the gcc build
# cache is never invalidated.
#
#   fuzz/run.sh [seconds] [target ...]     e.g. fuzz/run.sh 10 tick_csv_fuzzer
#
# The seed corpus (fuzz/corpus/<target>/) is read, never written: new inputs go to
# $HFTBOT_FUZZ_WORK/<target>/corpus, crashes to $HFTBOT_FUZZ_WORK/<target>/crash-*.
# Ends with one line per target (executions, exec/s, new inputs, result) and exits 1
# when any target found a crash. A crash becomes a regression test: add the input to
# the unit test next to the code it guards and to fuzz/corpus/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
bazel=${BAZEL:-bazel}
output_base=${HFTBOT_FUZZ_OUTPUT_BASE:-$HOME/.cache/hftbot-fuzz}
work=${HFTBOT_FUZZ_WORK:-/tmp/hftbot-fuzz}
b() { "$bazel" --output_base="$output_base" "$@"; }

# libFuzzer needs clang-14 and its runtimes; the normal build does not, so ./bazelw leaves them out.
if ! command -v clang++-14 >/dev/null || ! dpkg-query -W libclang-rt-14-dev >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && apt-get install -y -qq clang-14 libclang-rt-14-dev >&2
  else
    echo "fuzz/run.sh needs clang-14: sudo apt-get install -y clang-14 libclang-rt-14-dev" >&2
    exit 1
  fi
fi

if (($#)); then
  targets=("$@")
else
  mapfile -t targets < <(b query 'attr(name, "_fuzzer$", kind(cc_binary, //fuzz:all))' \
    2>/dev/null | sed 's|^//fuzz:||' | sort)
fi
b build --config=fuzz "${targets[@]/#/\/\/fuzz:}"
bin=$(b info --config=fuzz bazel-bin 2>/dev/null)

summary=()
failed=0
for t in "${targets[@]}"; do
  dir="$work/$t"
  mkdir -p "$dir/corpus"
  log="$dir/fuzz.log"
  echo "== $t: ${seconds}s (log: $log)"
  status=0
  "$bin/fuzz/$t" "$dir/corpus" "fuzz/corpus/$t" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$dir/" -print_final_stats=1 >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  corpus=$(find "$dir/corpus" -type f | wc -l)
  if ((status == 0)); then
    result=ok
  else
    result="CRASH (exit $status): $(ls "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* "$dir"/oom-* 2>/dev/null | tr '\n' ' ' || true)"
    failed=1
    tail -40 "$log"
  fi
  summary+=("$(printf '%-28s %12s execs %8s exec/s %6s corpus  %s' "$t" "${execs:-?}" "${rate:-?}" "$corpus" "$result")")
done
printf '%s\n' "${summary[@]}"
exit "$failed"
