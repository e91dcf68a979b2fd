// Writing an output file so that a reader sees either the old file or the whole new
// one, never a truncated one, even when the disk fills up or the machine crashes:
// the content goes to a temporary file in the same directory, which is flushed,
// fsynced and closed (each step checked), renamed over the target, and the directory
// is fsynced so the rename itself is durable. On any failure the temporary file is
// removed and the target is left untouched.
//
// Thread safety: any thread; concurrent writers of the same path race on the rename
// (the last one wins, each file whole).

#ifndef HFTBOT_BASE_ATOMIC_FILE_H_
#define HFTBOT_BASE_ATOMIC_FILE_H_

#include <string>
#include <string_view>

namespace hftbot {

// Returns an empty string on success, else what failed, e.g.
// "cannot write /out/report.json: No space left on device".
[[nodiscard]] std::string WriteFileAtomically(const std::string& path, std::string_view content);

// Fails (non-empty reason) when `path` could not be written: its directory is
// missing or not writable, or `path` is a directory. Creates nothing.
[[nodiscard]] std::string CheckFileWritable(const std::string& path);

}  // namespace hftbot

#endif  // HFTBOT_BASE_ATOMIC_FILE_H_
