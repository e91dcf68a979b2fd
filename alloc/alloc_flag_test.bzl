"""Analysis test: an unknown --//alloc value fails the build and lists the allowed ones."""

load("@bazel_skylib//lib:unittest.bzl", "analysistest", "asserts")

def _impl(ctx):
    env = analysistest.begin(ctx)
    asserts.expect_failure(env, "invalid value 'no_such_allocator'")
    asserts.expect_failure(env, "Allowed values are [\"system\", \"jemalloc\", \"mimalloc\", \"tcmalloc\", \"hybrid\"]")
    return analysistest.end(env)

alloc_flag_rejects_unknown_value_test = analysistest.make(
    _impl,
    expect_failure = True,
    config_settings = {"//alloc:alloc": "no_such_allocator"},
)
