#include "pipeline/shutdown.h"

#include <csignal>

#include "gtest/gtest.h"

namespace hftbot::pipeline {
namespace {

TEST(ShutdownDeathTest, FirstSignalRequestsAStopSecondExitsAtOnce) {
  EXPECT_EXIT(
      {
        InstallShutdownHandlers();
        raise(SIGINT);  // delivered before raise returns
        if (!StopRequested().load() || StopSignal() != SIGINT) _exit(1);
        raise(SIGINT);
        _exit(2);  // not reached: the second signal exits
      },
      ::testing::ExitedWithCode(130), "second signal, exiting at once");
}

TEST(ShutdownDeathTest, SigtermIsRecordedAsTheStopSignal) {
  EXPECT_EXIT(
      {
        InstallShutdownHandlers();
        raise(SIGTERM);
        _exit(StopRequested().load() && StopSignal() == SIGTERM ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "stopping: draining the queues");
}

}  // namespace
}  // namespace hftbot::pipeline
