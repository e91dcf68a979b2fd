#!/bin/bash
# End-to-end test of //feed:record: the bundled files are exactly what data/README.md's
# commands make, generation is deterministic, and --convert round-trips byte for byte.
set -euo pipefail

record="$1"
sample="$2"
golden="$3"
version_header="$4"
tmp="${TEST_TMPDIR:-$(mktemp -d)}"

fail() { echo "FAIL: $*" >&2; exit 1; }

# --version names the project version (the one in base/version.h, as every binary does).
version=$(sed -n 's/.*kHftbotVersion = "\(.*\)";/\1/p' "$version_header")
[[ -n $version ]] || fail "no kHftbotVersion in $version_header"
[[ $("$record" --version) == "record (hftbot) $version" ]] ||
  fail "record --version printed '$("$record" --version)', not the project version $version"

# The commands from data/README.md, verbatim apart from the output paths.
"$record" --symbols AAPL,MSFT,BTC-USD,ETH-USD --events 250000 --seed 42 -o "$tmp/sample.bin.gz"
cmp "$tmp/sample.bin.gz" "$sample" || fail "data/sample.bin.gz differs from its command's output"
"$record" --symbols ALPHA,BETA,GAMMA --events 2000 --seed 7 --rate 1000 -o "$tmp/golden.csv"
cmp "$tmp/golden.csv" "$golden" || fail "data/golden.csv differs from its command's output"

# Conversions are exact in both directions, gzip or not.
"$record" --convert "$sample" --to csv "$tmp/s.csv.gz"
"$record" --convert "$tmp/s.csv.gz" --to binary "$tmp/s.bin"
"$record" --convert "$tmp/s.bin" "$tmp/s2.csv"
"$record" --convert "$tmp/s2.csv" --gzip-level 9 "$tmp/s2.bin.gz"
cmp "$tmp/s2.bin.gz" "$sample" || fail "binary -> csv -> binary is not exact"
zcat "$tmp/s.csv.gz" | cmp - "$tmp/s2.csv" || fail "csv -> binary -> csv is not exact"

# Relative paths resolve against BUILD_WORKING_DIRECTORY, as under `bazel run`.
mkdir -p "$tmp/wd"
BUILD_WORKING_DIRECTORY="$tmp/wd" "$record" --symbol-count 2 --events 10 rel.csv
[[ -s "$tmp/wd/rel.csv" ]] || fail "relative output did not land in BUILD_WORKING_DIRECTORY"

# Errors are one clear line and exit status 2, like the bot's (README, "Exit status"):
# bad input and bad options alike.
status=0
"$record" --convert "$tmp/missing.csv" "$tmp/x.bin" 2>"$tmp/err" || status=$?
[[ $status -eq 2 ]] || fail "converting a missing file exited $status, not 2"
grep -q "missing.csv: cannot open" "$tmp/err" || fail "unexpected error: $(cat "$tmp/err")"
status=0
"$record" --events many -o "$tmp/x.csv" 2>"$tmp/err" || status=$?
[[ $status -eq 2 ]] || fail "a bad option value exited $status, not 2"
grep -q -- "--events" "$tmp/err" || fail "the error does not name --events: $(cat "$tmp/err")"
echo PASS
