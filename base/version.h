// hftbot's version: every binary answers --version with it, and every JSON output
// carries it so results can be traced to code.

#ifndef HFTBOT_BASE_VERSION_H_
#define HFTBOT_BASE_VERSION_H_

namespace hftbot {

inline constexpr const char* kHftbotVersion = "0.3.0";

}  // namespace hftbot

#endif  // HFTBOT_BASE_VERSION_H_
