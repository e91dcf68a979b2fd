// Fuzzes the bot's TOML configuration loader (bot/config.h): any input either loads and
// validates or is refused with one feed::InputError; any other exception, crash or
// sanitizer report is a bug. A loaded config must satisfy the ranges it promises.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "bot/config.h"
#include "feed/input_error.h"
#include "fuzz/input_file.h"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz property violated: %s\n", what);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static hftbot::fuzz::InputFile file;
  const std::string& path = file.Write(data, size);
  try {
    const hftbot::bot::Config config = hftbot::bot::LoadConfig(path);
    Check(config.engine_threads >= 1 && config.feed_threads >= 0, "thread counts in range");
    Check(config.feed_queue_capacity >= 2 && config.order_queue_capacity >= 2, "queue capacities");
    Check(config.significant_figures >= 1 && config.significant_figures <= 5, "significant figures");
    Check(config.speed >= 0 && config.rate >= 0, "speed and rate are not negative");
    hftbot::bot::ValidateConfig(config);
  } catch (const hftbot::feed::InputError&) {
  }
  return 0;
}
