"""libFuzzer targets that also build, and replay their seed corpus, in the normal build.

hft_fuzz_target(name, srcs, deps) declares two targets:
  :<name>               a binary defining LLVMFuzzerTestOneInput. Under --config=fuzz
                        (clang-14, see fuzz/run.sh) it links libFuzzer; in every other
                        build it links fuzz/standalone_main.cc, which runs each file named
                        on the command line once, so the target keeps compiling with gcc.
  :<name>_corpus_test   replays every file of fuzz/corpus/<name>/ through it, so the seed
                        corpus (and every crash input added to it) runs in `bazel test //...`
                        and under --config=asan.
hft_tick_format_fuzzer(name, format, deps) is the one-stanza form for a tick file format
that TickReader reads: it builds fuzz/tick_format_fuzzer.cc for the format whose
feed::ParseFormatName spelling is `format`.
"""

load("//bazel:copts.bzl", "HFTBOT_TEST_COPTS")

_LIBFUZZER = "//fuzz:libfuzzer"

def hft_fuzz_target(name, srcs, deps = [], local_defines = []):
    native.cc_binary(
        name = name,
        srcs = srcs,
        copts = HFTBOT_TEST_COPTS,
        local_defines = local_defines,
        malloc = "//alloc:malloc",
        testonly = True,
        linkopts = select({
            _LIBFUZZER: ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        deps = deps + select({
            _LIBFUZZER: [],
            "//conditions:default": ["//fuzz:standalone_main"],
        }),
    )
    corpus = native.glob(["corpus/%s/*" % name])
    if not corpus:
        fail("fuzz target %s needs a seed corpus in fuzz/corpus/%s/" % (name, name))
    native.sh_test(
        name = name + "_corpus_test",
        size = "small",
        srcs = ["//fuzz:replay_corpus.sh"],
        args = ["$(rootpath :%s)" % name] + ["$(rootpath %s)" % f for f in corpus],
        data = [":" + name] + corpus,
    )

def hft_tick_format_fuzzer(name, format, deps = []):
    hft_fuzz_target(
        name = name,
        srcs = ["//fuzz:tick_format_fuzzer.cc"],
        local_defines = ["HFTBOT_FUZZ_FORMAT=\\\"%s\\\"" % format],
        deps = deps + [
            "//feed:byte_source",
            "//feed:event",
            "//feed:input_error",
            "//feed:source_records",
            "//feed:tick_codec",
            "//feed:tick_file",
            "//feed:tick_format",
            "//fuzz:input_file",
        ],
    )
