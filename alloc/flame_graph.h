// A flame graph as a standalone SVG from stacks in the folded format
// ("root;caller;callee count" per line, the format flamegraph.pl, inferno and
// speedscope read). Debian packages no flame-graph tool, so this small writer makes
// the picture; the folded file stays the input for those tools.
//
// Thread safety: pure functions.

#ifndef HFTBOT_ALLOC_FLAME_GRAPH_H_
#define HFTBOT_ALLOC_FLAME_GRAPH_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hftbot::alloc {

// One folded stack: frames root first, and its weight.
using FoldedStack = std::pair<std::vector<std::string>, uint64_t>;

// "a;b;c 12" lines, sorted, semicolons inside frame names replaced by ':'.
std::string FoldedText(const std::vector<FoldedStack>& stacks);

// The SVG: one rectangle per frame, width proportional to its weight, root at the
// bottom, a <title> on each (hover: name, count, share).
std::string FlameGraphSvg(const std::vector<FoldedStack>& stacks, const std::string& title);

}  // namespace hftbot::alloc

#endif  // HFTBOT_ALLOC_FLAME_GRAPH_H_
