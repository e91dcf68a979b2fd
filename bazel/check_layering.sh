#!/usr/bin/env bash
# Checks that dependencies point down the layering, with `bazel query`:
#
#   bot
#   pipeline
#   strategies (engine's interfaces only)
#   engine
#   feed
#   metrics
#   alloc
#   base
#
# lab/ and bench/ sit beside that order: they run bot binaries as subprocesses (data
# dependencies) but never link //bot or //pipeline (except //bench:pipeline_ratio and
# //bench:pipeline_perf_guard, through //bench:pipeline_passes, which run the pipeline
# in process). Data-only packages (//data,
# //config, //tests/data) are not code and are left out. Test targets count too:
# a test may use packages below its own, never above.
# Prints one line per violation and exits 1 if there is any.
set -uo pipefail
cd "$(dirname "$0")/.."
BAZEL=${BAZEL:-./bazelw}

violations=0
# check <description> <query that must be empty>
check() {
  local description=$1 query=$2 found
  if ! found=$($BAZEL query --noshow_progress --keep_going "$query" 2>/dev/null); then
    if [[ -z $found ]]; then
      echo "layering: query failed: $query"
      violations=$((violations + 1))
      return
    fi
  fi
  if [[ -n $found ]]; then
    echo "layering: $description:"
    sed 's/^/    /' <<<"$found"
    violations=$((violations + 1))
  else
    echo "layering: ok: $description"
  fi
}

code_above() {  # the code packages above $1 in the order
  case $1 in
    base) echo "//alloc/... + //metrics/... + //feed/... + //engine/... + //strategies/... + //pipeline/... + //bot/... + //lab/... + //bench/..." ;;
    alloc) echo "//metrics/... + //feed/... + //engine/... + //strategies/... + //pipeline/... + //bot/... + //lab/... + //bench/..." ;;
    metrics) echo "//feed/... + //engine/... + //strategies/... + //pipeline/... + //bot/... + //lab/... + //bench/..." ;;
    feed) echo "//engine/... + //strategies/... + //pipeline/... + //bot/... + //lab/... + //bench/..." ;;
    engine) echo "//strategies/... + //pipeline/... + //bot/... + //lab/... + //bench/..." ;;
    strategies) echo "//pipeline/... + //bot/... + //lab/... + //bench/..." ;;
    pipeline) echo "//strategies/... + //bot/... + //lab/... + //bench/..." ;;
  esac
}

# Every binary and test links the allocator the //alloc flag selects (cc_binary's
# `malloc` attribute): build plumbing, not a code dependency of the package.
ALLOCATOR_SELECTION="//alloc:malloc + //alloc:alloc + //alloc:system + //alloc:jemalloc + //alloc:mimalloc + //alloc:tcmalloc + //alloc:hybrid + //alloc:hybrid_malloc"
for package in base alloc metrics feed engine strategies pipeline; do
  check "//$package depends on nothing above it" \
    "deps(//$package/...) intersect ($(code_above $package)) except ($ALLOCATOR_SELECTION)"
done
# Tests may run a strategy through a real SymbolEngine; the strategies themselves may not.
check "//strategies' libraries see only engine's interfaces, not the engine loop or the simulated exchange" \
  "deps(//strategies/... except tests(//strategies/...) except attr(testonly, 1, //strategies/...)) intersect (//engine:symbol_engine + //engine:exchange_sim)"
# lab and bench: what they link (their deps attributes, transitively), not the bot
# binaries they carry as data to run.
check "//lab links neither //bot nor //pipeline" \
  "deps(labels(deps, //lab/...)) intersect (//bot/... + //pipeline/...)"
# One exception: pipeline_ratio and pipeline_perf_guard measure the pipeline against its
# engine in process (issue 13), so they link //pipeline through pipeline_passes;
# nothing in //bench links //bot.
PIPELINE_BENCHES="//bench:pipeline_passes + //bench:pipeline_ratio + //bench:pipeline_perf_guard"
check "//bench links neither //bot nor //pipeline (but $PIPELINE_BENCHES) nor //lab's tools" \
  "deps(labels(deps, //bench/... except ($PIPELINE_BENCHES))) intersect (//bot/... + //pipeline/... + //lab:compare + //lab:tune)"
check "$PIPELINE_BENCHES link no //bot and of //lab only its statistics" \
  "deps(labels(deps, $PIPELINE_BENCHES)) intersect (//bot/... + //lab/... except //lab:significance)"

if ((violations)); then
  echo "layering: $violations violation(s)"
  exit 1
fi
echo "layering: every dependency points down"
