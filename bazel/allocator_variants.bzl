"""allocator_variants: one target, the same binary built for every --//alloc value.

A 1:N split transition on //alloc builds the binary once per allocator in a single
Bazel invocation (no rebuild loop). Two Bazel 4.2.3 catches, both handled here:
- the split attribute must not be `executable = True` (Bazel crashes with "produces
  more than one prerequisite"), so the executables are read from DefaultInfo;
- the variants would all sit at one runfiles path, so each is symlinked to its own:
  <name>/<allocator>/<binary basename>.
"""

ALLOCATORS = ["system", "jemalloc", "mimalloc", "tcmalloc", "hybrid"]

def _split_by_allocator_impl(settings, attr):
    return {allocator: {"//alloc:alloc": allocator} for allocator in ALLOCATORS}

_split_by_allocator = transition(
    implementation = _split_by_allocator_impl,
    inputs = [],
    outputs = ["//alloc:alloc"],
)

def _allocator_variants_impl(ctx):
    links = []
    for allocator, target in ctx.split_attr.binary.items():
        executable = target[DefaultInfo].files_to_run.executable
        link = ctx.actions.declare_file("{}/{}/{}".format(ctx.label.name, allocator, executable.basename))
        ctx.actions.symlink(output = link, target_file = executable, is_executable = True)
        links.append(link)
    return [DefaultInfo(files = depset(links), runfiles = ctx.runfiles(files = links))]

allocator_variants = rule(
    implementation = _allocator_variants_impl,
    doc = "Builds `binary` under every allocator; outputs <name>/<allocator>/<binary>.",
    attrs = {
        "binary": attr.label(cfg = _split_by_allocator, mandatory = True),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
)
