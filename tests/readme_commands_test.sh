#!/bin/bash
# Every `./bazelw run` command in README.md runs and exits 0, on a small file. The README
# is read at test time, so a command added there without a binary below fails this test
# (add the target to readme_commands_test's args in tests/BUILD.bazel).
#
#   readme_commands_test.sh README.md SMALL_TICKS [//target binary]...
#
# Commands run in order, as `bazel run` runs them, from one user folder that holds the
# repository's config/ and tests/ (commands name files there); a later command may read
# what an earlier one wrote, as a reader following the README would. A build flag
# --//alloc=X picks the bot built for X (compare's lab/bot_variants/X/bot): run directly
# for //bot, passed as --bot to //lab:tune (which runs the bot built with it); other
# binaries here are the default build. A bot or lab-tool command that names no tick
# file gets the small one; "my.csv"/"my.bin" stand for the small file, "my.toml" for
# the shipped config. Benchmarks run with --benchmark_min_time=0.01: this checks that
# they run, not how fast.
#
# Not part of `bazel test //...` (tagged manual: it runs every lab command, which runs
# the bot dozens of times, and would take an hour under the sanitizers); .ci/run runs it
# once.
set -uo pipefail

readme=$1
small=$(realpath "$2")
shift 2
declare -A binary
while [[ $# -ge 2 ]]; do
  binary[$1]=$(realpath "$2")
  shift 2
done

work="${TEST_TMPDIR:-$(mktemp -d)}/readme"
mkdir -p "$work"
ln -sfn "$PWD/config" "$work/config"
ln -sfn "$PWD/tests" "$work/tests"
cp "$small" "$work/my.csv"
cp config/default.toml "$work/my.toml"
"${binary[//feed:record]}" --convert "$work/my.csv" "$work/my.bin" >/dev/null || { echo "FAIL: cannot make my.bin"; exit 1; }

ran=0
failed=0
while IFS= read -r command; do
  words=($command)
  target=${words[2]}
  args=()
  allocator=""
  seen_dashes=0
  for word in "${words[@]:3}"; do
    if [[ $seen_dashes -eq 1 ]]; then
      args+=("$word")
    elif [[ $word == "--" ]]; then
      seen_dashes=1
    elif [[ $word == --//alloc=* ]]; then
      allocator=${word#--//alloc=}
    elif [[ $word != --//* ]]; then
      echo "FAIL: '$command': unexpected build argument '$word'"
      failed=$((failed + 1))
      continue 2
    fi
  done
  if [[ -z ${binary[$target]:-} ]]; then
    echo "FAIL: '$command': $target has no binary in this test (tests/BUILD.bazel, readme_commands_test)"
    failed=$((failed + 1))
    continue
  fi
  program=${binary[$target]}
  variant="$PWD/lab/bot_variants/$allocator/bot"
  if [[ -n $allocator && ($target == //bot || $target == //lab:tune) && ! -x $variant ]]; then
    echo "FAIL: '$command': no bot built for $allocator ($variant)"
    failed=$((failed + 1))
    continue
  fi
  if [[ -n $allocator && $target == //bot ]]; then program=$variant; fi
  if [[ -n $allocator && $target == //lab:tune ]]; then args+=(--bot "$variant"); fi
  case $target in
    //bot | //lab:compare | //lab:tune | //lab:sweep)
      if [[ " ${args[*]} " != *" --ticks "* ]]; then args+=(--ticks my.csv); fi ;;
  esac
  if [[ $target == *benchmark || $target == *_bench ]]; then args+=(--benchmark_min_time=0.01); fi
  ran=$((ran + 1))
  started=$SECONDS
  # As `bazel run` does: the binary runs in its runfiles, the user's folder is
  # BUILD_WORKING_DIRECTORY (where relative arguments resolve).
  if BUILD_WORKING_DIRECTORY="$work" timeout 300 "$program" "${args[@]}" \
        >"$work/out.txt" 2>"$work/err.txt"; then
    echo "ok ($((SECONDS - started)) s): $command"
  else
    status=$?
    echo "FAIL (exit $status): $command"
    tail -n 5 "$work/err.txt" "$work/out.txt" | sed 's/^/    /'
    failed=$((failed + 1))
  fi
done < <(grep -oE '\./bazelw run //[^ `]+( --//[^ `]+)*( -- [^#`]*)?' "$readme" | sed 's/ *$//')

echo "$ran README commands ran, $failed failed"
[[ $ran -gt 0 && $failed -eq 0 ]]
