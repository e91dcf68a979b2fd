#include "pipeline/idler.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace hftbot::pipeline {
namespace {

TEST(IdlerTest, SpinAndYieldNeverPark) {
  for (WaitStrategy wait : {WaitStrategy::kSpin, WaitStrategy::kYield}) {
    Doorbell bell;
    Idler idler(wait, &bell);
    for (int i = 0; i < 10 * Idler::kSpinsBeforePark; ++i) idler.Idle([] { return false; });
    EXPECT_EQ(idler.parks(), 0u) << WaitStrategyName(wait);
  }
}

TEST(IdlerTest, BlockParksOnlyAfterSpinning) {
  Doorbell bell;
  Idler idler(WaitStrategy::kBlock, &bell);
  for (int i = 0; i < Idler::kSpinsBeforePark - 1; ++i) idler.Idle([] { return false; });
  EXPECT_EQ(idler.parks(), 0u);
  idler.Idle([] { return true; });  // the re-check finds work: parks without sleeping
  EXPECT_EQ(idler.parks(), 1u);
  EXPECT_EQ(idler.park_timeouts(), 0u);
}

TEST(IdlerTest, BusyRestartsTheSpinPhase) {
  Doorbell bell;
  Idler idler(WaitStrategy::kBlock, &bell);
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < Idler::kSpinsBeforePark - 1; ++i) idler.Idle([] { return true; });
    idler.Busy();
  }
  EXPECT_EQ(idler.parks(), 0u);
}

TEST(IdlerTest, ParkedConsumerWakesOnRing) {
  Doorbell bell;
  std::atomic<bool> work{false};
  Idler idler(WaitStrategy::kBlock, &bell);
  for (int i = 0; i < Idler::kSpinsBeforePark - 1; ++i) idler.Idle([] { return false; });
  std::thread producer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    work.store(true);
    bell.Ring();
  });
  // do-while: the 256th idle step parks even when the producer was quicker than this
  // thread (under TSan on a loaded machine it was, and the test saw no park at all).
  do {
    idler.Idle([&] { return work.load(); });
  } while (!work.load());
  producer.join();
  EXPECT_GE(idler.parks(), 1u);
}

}  // namespace
}  // namespace hftbot::pipeline
