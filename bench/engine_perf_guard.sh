#!/usr/bin/env bash
# Engine perf guard (issue 13): counts the instructions per event of SymbolEngine
# (//engine:symbol_engine_benchmark's ReplayEvents: book, simulated exchange, risk,
# PnL, digest and a quoting strategy over 200,000 seeded synthetic events) under
# callgrind, and fails when a profile exceeds its budget in bench/engine_budget.json.
#
#   ./bazelw run //bench:engine_perf_guard                      # check every profile
#   ./bazelw run //bench:engine_perf_guard -- --profiles pooled # check one
#   ./bazelw run //bench:engine_perf_guard -- --update          # budget = measured + headroom
#
# Instruction counts are deterministic (the same binary and input give the same count
# on a loaded machine), so one run is enough and no drift correction is needed, unlike
# wall-clock guards; they move with the compiler and the allocator, so the budget is
# for the default build (--//alloc=system, which the naive profile's count includes).
#
# Exit status: 0 within budget (or budget updated), 1 a profile over budget,
# 2 bad input (option, budget file), 77 valgrind is not installed (nothing checked).
set -euo pipefail

usage() {
  cat <<EOF
usage: engine_perf_guard [--profiles pooled,naive] [--update] [--headroom-pct N] [--budget FILE] [--benchmark BIN]
  --profiles      which allocation profiles to check (default: pooled,naive)
  --update        write measured + headroom as the new budget instead of checking
  --headroom-pct  headroom over the measured count that --update writes (default 3)
  --budget        budget file (default: bench/engine_budget.json in the workspace)
  --benchmark     the symbol_engine_benchmark binary (default: the one bazel run built)
EOF
}

die() {  # die <message> : a bad input, status 2
  echo "engine_perf_guard: error: $1" >&2
  exit 2
}

profiles=pooled,naive
update=0
headroom_pct=3
budget=""
benchmark=""
while (($#)); do
  case $1 in
    --profiles) profiles=${2:?--profiles needs a value}; shift 2 ;;
    --update) update=1; shift ;;
    --headroom-pct) headroom_pct=${2:?--headroom-pct needs a value}; shift 2 ;;
    --budget) budget=${2:?--budget needs a value}; shift 2 ;;
    --benchmark) benchmark=${2:?--benchmark needs a value}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
  esac
done
[[ $headroom_pct =~ ^[0-9]+([.][0-9]+)?$ ]] || die "--headroom-pct '$headroom_pct' is not a number"

workspace=${BUILD_WORKSPACE_DIRECTORY:-$(cd "$(dirname "$0")/.." && pwd)}
[[ -n $budget ]] || budget="$workspace/bench/engine_budget.json"
[[ $budget = /* ]] || budget="${BUILD_WORKING_DIRECTORY:-$PWD}/$budget"
if [[ -z $benchmark ]]; then
  for candidate in "${RUNFILES_DIR:-$0.runfiles}/hftbot/engine/symbol_engine_benchmark" \
      "$workspace/bazel-bin/engine/symbol_engine_benchmark"; do
    if [[ -x $candidate ]]; then benchmark=$candidate; break; fi
  done
fi
[[ -n $benchmark && -x $benchmark ]] ||
  die "no symbol_engine_benchmark binary (run through './bazelw run //bench:engine_perf_guard', or pass --benchmark)"
if ! command -v valgrind >/dev/null; then
  echo "engine_perf_guard: valgrind is not installed (apt-get install valgrind): nothing checked" >&2
  exit 77
fi

declare -A filter=([pooled]=Pooled [naive]=Naive)
IFS=, read -r -a wanted <<<"$profiles"
for profile in "${wanted[@]}"; do
  [[ -n ${filter[$profile]:-} ]] || die "unknown profile '$profile' in --profiles (pooled, naive)"
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() {  # measure <profile> : prints instructions per event, one decimal
  local profile=$1 collected iterations events
  (cd "$work" && valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.$profile" \
      --toggle-collect='*ReplayEvents*' "$benchmark" --benchmark_filter="${filter[$profile]}" \
      --benchmark_min_time=0.001 --benchmark_format=json >"$work/$profile.json" 2>"$work/$profile.log") ||
    { cat "$work/$profile.log" >&2; echo "engine_perf_guard: the benchmark failed under valgrind" >&2; exit 2; }
  collected=$(sed -n 's/^==[0-9]*== Collected : \([0-9]*\)$/\1/p' "$work/$profile.log")
  iterations=$(sed -n 's/^ *"iterations": \([0-9]*\),$/\1/p' "$work/$profile.json" | head -1)
  events=$(sed -n 's/^ *"events_per_iteration": \([0-9.e+]*\),*$/\1/p' "$work/$profile.json" | head -1)
  [[ -n $collected && -n $iterations && -n $events ]] ||
    { echo "engine_perf_guard: no instruction count or event count in the $profile run" >&2; exit 2; }
  awk -v c="$collected" -v i="$iterations" -v e="$events" 'BEGIN { printf "%.1f", c / (i * e) }'
}

budget_of() {  # budget_of <profile> : the budget in the file, empty when absent
  [[ -f $budget ]] || return 0
  grep -o "\"$1\": {[^}]*}" "$budget" | sed -n 's/.*"budget_ir_per_event": \([0-9.]*\).*/\1/p'
}

declare -A measured
for profile in "${wanted[@]}"; do
  measured[$profile]=$(measure "$profile")
done

if ((update)); then
  {
    echo "{"
    echo "  \"what\": \"instructions per event of //engine:symbol_engine_benchmark's ReplayEvents under callgrind (default build, --//alloc=system)\","
    echo "  \"check\": \"./bazelw run //bench:engine_perf_guard\","
    echo "  \"update\": \"./bazelw run //bench:engine_perf_guard -- --update\","
    echo "  \"headroom_pct\": $headroom_pct,"
    first=1
    for profile in pooled naive; do
      if [[ -n ${measured[$profile]:-} ]]; then
        value=${measured[$profile]}
        limit=$(awk -v m="$value" -v h="$headroom_pct" 'BEGIN { printf "%.1f", m * (1 + h / 100) }')
      else
        limit=$(budget_of "$profile")
        [[ -n $limit ]] || continue
        value=$(grep -o "\"$profile\": {[^}]*}" "$budget" | sed -n 's/.*"measured_ir_per_event": \([0-9.]*\).*/\1/p')
      fi
      ((first)) || echo ","
      first=0
      printf '  "%s": {"measured_ir_per_event": %s, "budget_ir_per_event": %s}' "$profile" "$value" "$limit"
    done
    echo
    echo "}"
  } >"$work/budget.json"
  mv "$work/budget.json" "$budget"
  for profile in "${wanted[@]}"; do
    echo "engine_perf_guard: $profile: ${measured[$profile]} instructions/event; budget now $(budget_of "$profile") ($budget)"
  done
  exit 0
fi

[[ -f $budget ]] || die "no budget file $budget (write one with --update)"
over=0
for profile in "${wanted[@]}"; do
  limit=$(budget_of "$profile")
  [[ -n $limit ]] || die "$budget has no budget for profile '$profile' (write one with --update)"
  value=${measured[$profile]}
  if awk -v m="$value" -v l="$limit" 'BEGIN { exit !(m > l) }'; then
    echo "engine_perf_guard: FAIL: $profile: $value instructions/event exceeds the budget $limit ($budget)."
    echo "  Where the instructions go: valgrind --tool=callgrind --toggle-collect='*ReplayEvents*' \\"
    echo "    bazel-bin/engine/symbol_engine_benchmark --benchmark_filter=${filter[$profile]} --benchmark_min_time=0.001;"
    echo "    callgrind_annotate callgrind.out.<pid>. If the increase is intended, rerun with --update and commit the budget."
    over=1
  else
    echo "engine_perf_guard: ok: $profile: $value instructions/event, budget $limit"
  fi
done
exit $over
