#!/bin/sh
echo "hftbot: 'bazel coverage' is not supported offline: Bazel's remote_coverage_tools cannot be downloaded here." >&2
exit 1
