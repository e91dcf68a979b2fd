#include "base/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace hftbot {
namespace {

std::string Failure(const std::string& what, const std::string& path, int error) {
  return what + " " + path + ": " + std::strerror(error);
}

std::string ParentOf(const std::string& path) {
  std::string parent = std::filesystem::path(path).parent_path().string();
  return parent.empty() ? "." : parent;
}

}  // namespace

std::string WriteFileAtomically(const std::string& path, std::string_view content) {
  std::string temporary = path + ".tmp." + std::to_string(getpid());
  int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Failure("cannot create", temporary, errno);
  auto fail = [&](const std::string& what, int error) {
    if (fd >= 0) close(fd);
    unlink(temporary.c_str());
    return Failure(what, path, error);
  };
  size_t written = 0;
  while (written < content.size()) {
    ssize_t n = write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail("cannot write", n < 0 ? errno : ENOSPC);
    written += static_cast<size_t>(n);
  }
  // A full disk may only show at fsync or close (delayed allocation, NFS).
  if (fsync(fd) != 0) return fail("cannot flush", errno);
  int closed = close(fd);
  fd = -1;
  if (closed != 0) return fail("cannot close", errno);
  if (rename(temporary.c_str(), path.c_str()) != 0) return fail("cannot rename into place", errno);
  int dir = open(ParentOf(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return Failure("cannot open the directory of", path, errno);
  int synced = fsync(dir);
  int sync_error = errno;
  close(dir);
  if (synced != 0) return Failure("cannot sync the directory of", path, sync_error);
  return "";
}

std::string CheckFileWritable(const std::string& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) return path + " is a directory, not a file";
  std::string parent = ParentOf(path);
  if (stat(parent.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) return "directory " + parent + " does not exist";
  if (access(parent.c_str(), W_OK) != 0) return "directory " + parent + " is not writable";
  return "";
}

}  // namespace hftbot
