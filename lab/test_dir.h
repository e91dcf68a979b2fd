// For lab tests: a fresh, empty folder under the test's TEST_TMPDIR.

#ifndef HFTBOT_LAB_TEST_DIR_H_
#define HFTBOT_LAB_TEST_DIR_H_

#include <string>

namespace hftbot::lab {

// $TEST_TMPDIR/<name> (or /tmp/<name>), removed first if it exists; not created.
std::string FreshTestDir(const std::string& name);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_TEST_DIR_H_
