#!/usr/bin/env bash
# The seed report end to end through the local executor: a tiny report writes a
# complete run folder per process and records each run's node; --resume DIR reruns only
# what is missing; the same --out without --resume measures everything again.
#
#   report_resume_test.sh <path of //bench/seed:report>
set -euo pipefail
report=$1
out=${TEST_TMPDIR:-/tmp}/seed-resume
rm -rf "$out"
args=(--quick --workloads order_book_ops --allocators system,jemalloc)
fail() { echo "FAIL: $*" >&2; exit 1; }

# Under ASan the sanitizer owns malloc: every seed variant reports its allocator inactive
# and the counting suite aborts, so there is nothing to report. Said in the form .ci/run
# counts as skipped (a test that ran no case), with the reason.
if grep -qa __asan_init "$(readlink -f "$report")"; then
  echo "report_resume_test.sh: Skipped"
  echo "ASan serves malloc in this build: the seed suites measure no allocator"
  echo "[  PASSED  ] 0 tests."
  echo "[  SKIPPED ] 1 test."
  exit 0
fi

"$report" "${args[@]}" --out "$out" >"$out.log" 2>&1 || { cat "$out.log"; fail "the first report failed"; }
[[ $(jq -r '.meta.executor' "$out/seed.json") == local ]] || fail "executor not recorded as local"
[[ $(jq '[.meta.runs[] | select(.ok and .node != "" and .reused == false)] | length' "$out/seed.json") -eq 6 ]] ||
  fail "not 6 fresh successful runs with a node: $(jq -c '.meta.runs' "$out/seed.json")"
for id in $(jq -r '.meta.runs[].id' "$out/seed.json"); do
  for file in report.json stdout.txt stderr.txt outcome.json; do
    [[ -f $out/runs/$id/$file ]] || fail "missing runs/$id/$file"
  done
done

# An interrupted report: one run's result is gone. --resume reruns that one only.
rm "$out/runs/counted-system/report.json"
"$report" --resume "$out" >"$out.log" 2>&1 || { cat "$out.log"; fail "--resume failed"; }
reran=$(jq -c '[.meta.runs[] | select(.reused == false) | .id]' "$out/seed.json")
[[ $reran == '["counted-system"]' ]] || fail "--resume reran $reran, expected only counted-system"
[[ $(jq '.meta.failed_processes' "$out/seed.json") -eq 0 ]] || fail "failures after --resume"

# The same command again without --resume starts over.
"$report" "${args[@]}" --out "$out" >"$out.log" 2>&1 || { cat "$out.log"; fail "the repeated report failed"; }
[[ $(jq '[.meta.runs[] | select(.reused)] | length' "$out/seed.json") -eq 0 ]] || fail "a new report reused runs"

# --resume takes no measurement options.
if "$report" --resume "$out" --quick >"$out.log" 2>&1; then fail "--resume with --quick was accepted"; fi
echo PASS
