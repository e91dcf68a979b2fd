#!/bin/bash
# Runs a fuzz target once over each seed corpus file: usage replay_corpus.sh BINARY FILE...
set -euo pipefail
binary=$1
shift
"$binary" "$@"
