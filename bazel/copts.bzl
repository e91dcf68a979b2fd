"""Compiler flags for hftbot's own code, defined once.

Warnings are errors for our code only: system headers come in through -isystem
(Debian's /usr/include), so a warning inside a packaged library never breaks the build.
The language level (C++20) is set for every target, ours and Bazel's, in .bazelrc.
-Wnull-dereference is left out: it runs after inlining and fires on packaged
headers (moodycamel's queue) that -isystem cannot silence.
"""

HFTBOT_COPTS = [
    "-Wall",
    "-Wextra",
    "-Wpedantic",
    "-Wshadow",
    "-Wnon-virtual-dtor",
    "-Wold-style-cast",
    "-Wcast-align",
    "-Wunused",
    "-Woverloaded-virtual",
    "-Wformat=2",
    "-Wimplicit-fallthrough",
    "-Werror",
]

# Tests and benchmarks use GoogleTest/Benchmark macros that trip a few pedantic checks.
HFTBOT_TEST_COPTS = HFTBOT_COPTS + [
    "-Wno-old-style-cast",
]
