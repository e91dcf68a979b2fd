// hftbot's version, reported in every JSON output so results can be traced to code.

#ifndef HFTBOT_BOT_VERSION_H_
#define HFTBOT_BOT_VERSION_H_

namespace hftbot::bot {

inline constexpr const char* kHftbotVersion = "0.2.0";

}  // namespace hftbot::bot

#endif  // HFTBOT_BOT_VERSION_H_
