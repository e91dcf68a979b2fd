"""hftbot's cc rules: the native ones plus our copts and the selected allocator.

Every binary and test links the allocator chosen by --//alloc (see alloc/BUILD.bazel)
through cc_binary's own `malloc` attribute, so no target can forget it.
"""

load("//bazel:copts.bzl", "HFTBOT_COPTS", "HFTBOT_TEST_COPTS")

_MALLOC = "//alloc:malloc"

def hft_cc_library(name, copts = [], **kwargs):
    native.cc_library(name = name, copts = HFTBOT_COPTS + copts, **kwargs)

def hft_cc_binary(name, copts = [], **kwargs):
    native.cc_binary(name = name, copts = HFTBOT_COPTS + copts, malloc = _MALLOC, **kwargs)

def hft_cc_test(name, copts = [], deps = [], **kwargs):
    native.cc_test(
        name = name,
        copts = HFTBOT_TEST_COPTS + copts,
        malloc = _MALLOC,
        deps = deps + ["@gtest_main"],
        **kwargs
    )

def hft_cc_benchmark(name, copts = [], deps = [], tags = [], **kwargs):
    """A Google Benchmark binary: testonly, tagged `benchmark`, run with `bazel run`."""
    native.cc_binary(
        name = name,
        copts = HFTBOT_TEST_COPTS + copts,
        malloc = _MALLOC,
        testonly = True,
        tags = tags + ["benchmark"],
        deps = deps + ["@benchmark"],
        **kwargs
    )
