#include "base/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace hftbot {
namespace {

std::string TestDir(const std::string& name) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::filesystem::path dir = std::filesystem::path(tmp ? tmp : "/tmp") / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

int FilesIn(const std::string& dir) {
  int n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

TEST(AtomicFileTest, WritesAndReplacesWholeContent) {
  std::string dir = TestDir("replace");
  std::string path = dir + "/report.json";
  ASSERT_EQ(WriteFileAtomically(path, "first"), "");
  ASSERT_EQ(WriteFileAtomically(path, "second, longer"), "");
  EXPECT_EQ(Slurp(path), "second, longer");
  EXPECT_EQ(FilesIn(dir), 1) << "no temporary file may be left behind";
}

TEST(AtomicFileTest, DirectoryAsTargetFailsAndLeavesNothing) {
  std::string dir = TestDir("target_is_dir");
  std::filesystem::create_directories(dir + "/out");
  std::string error = WriteFileAtomically(dir + "/out", "content");
  EXPECT_NE(error, "");
  EXPECT_TRUE(std::filesystem::is_directory(dir + "/out"));
  EXPECT_EQ(FilesIn(dir), 1) << "the temporary file must be removed on failure";
  EXPECT_NE(CheckFileWritable(dir + "/out").find("is a directory"), std::string::npos);
}

TEST(AtomicFileTest, MissingDirectoryIsReportedBeforeWriting) {
  std::string dir = TestDir("missing");
  EXPECT_NE(CheckFileWritable(dir + "/no/such/dir/report.json").find("does not exist"), std::string::npos);
  EXPECT_EQ(CheckFileWritable(dir + "/report.json"), "");
  EXPECT_NE(WriteFileAtomically(dir + "/no/such/dir/report.json", "x"), "");
}

// A full disk: a 16 KiB tmpfs the test mounts (root only), then a 64 KiB write.
TEST(AtomicFileTest, FullFilesystemFailsKeepsOldFileAndRemovesTemporary) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to mount a size-limited tmpfs";
  std::string dir = TestDir("full");
  if (mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=16k") != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs here: " << std::strerror(errno);
  }
  std::string path = dir + "/report.json";
  ASSERT_EQ(WriteFileAtomically(path, "old report"), "");
  std::string big(64 * 1024, 'x');
  std::string error = WriteFileAtomically(path, big);
  EXPECT_NE(error.find("No space left on device"), std::string::npos) << error;
  EXPECT_EQ(Slurp(path), "old report") << "a failed write must not replace the old file";
  EXPECT_EQ(FilesIn(dir), 1) << "the temporary file must be removed on failure";
  umount(dir.c_str());
}

}  // namespace
}  // namespace hftbot
