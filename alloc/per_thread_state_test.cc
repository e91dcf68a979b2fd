#include "alloc/per_thread_state.h"

#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace hftbot::alloc {
namespace {

// Hands out numbered handles and remembers how each was released.
class RecordingHandles final : public PerThreadStates::Handles {
 public:
  void* Create() override {
    std::lock_guard<std::mutex> lock(mutex_);
    return reinterpret_cast<void*>(++created_);
  }
  void Release(void* handle, bool on_owning_thread) override {
    std::lock_guard<std::mutex> lock(mutex_);
    released_.push_back({reinterpret_cast<uintptr_t>(handle), on_owning_thread});
  }
  std::vector<std::pair<uintptr_t, bool>> released() {
    std::lock_guard<std::mutex> lock(mutex_);
    return released_;
  }

 private:
  std::mutex mutex_;
  uintptr_t created_ = 0;
  std::vector<std::pair<uintptr_t, bool>> released_;
};

TEST(PerThreadStatesTest, OneStatePerThreadAndStableWithinAThread) {
  RecordingHandles handles;
  PerThreadStates states(&handles);
  ThreadState* mine = states.Mine();
  ASSERT_NE(mine, nullptr);
  EXPECT_EQ(states.Mine(), mine);
  ThreadState* other = nullptr;
  std::thread([&] { other = states.Mine(); }).join();
  EXPECT_NE(other, mine);
  EXPECT_NE(other->handle, mine->handle);
  EXPECT_EQ(states.Snapshot().threads, 2);
  states.Shutdown();
}

TEST(PerThreadStatesTest, ThreadExitReleasesOnTheOwningThreadOnce) {
  RecordingHandles handles;
  PerThreadStates states(&handles);
  void* handle = nullptr;
  std::thread([&] { handle = states.Mine()->handle; }).join();
  auto released = handles.released();
  ASSERT_EQ(released.size(), 1u);
  EXPECT_EQ(released[0].first, reinterpret_cast<uintptr_t>(handle));
  EXPECT_TRUE(released[0].second);
  EXPECT_EQ(states.Snapshot().released_handles, 1);
  EXPECT_TRUE(states.LiveHandles().empty());
  states.Shutdown();
  EXPECT_EQ(handles.released().size(), 1u);  // not released twice
}

TEST(PerThreadStatesTest, ShutdownReleasesLiveHandlesAndThreadsExitingLaterSkipIt) {
  RecordingHandles handles;
  std::mutex mutex;
  std::condition_variable cv;
  bool used = false, shut = false;
  auto states = std::make_unique<PerThreadStates>(&handles);
  std::thread worker([&] {
    states->Mine();
    std::unique_lock<std::mutex> lock(mutex);
    used = true;
    cv.notify_all();
    cv.wait(lock, [&] { return shut; });
  });
  {
    std::unique_lock<std::mutex> lock(mutex);
    cv.wait(lock, [&] { return used; });
  }
  states->Mine();
  states->Shutdown();
  auto released = handles.released();
  ASSERT_EQ(released.size(), 2u);
  int on_owner = 0;
  for (const auto& r : released) on_owner += r.second ? 1 : 0;
  EXPECT_EQ(on_owner, 1);  // this thread's own handle, not the worker's
  states.reset();          // the worker's entry now names a destroyed resource
  {
    std::lock_guard<std::mutex> lock(mutex);
    shut = true;
  }
  cv.notify_all();
  worker.join();
  EXPECT_EQ(handles.released().size(), 2u);
}

TEST(PerThreadStatesTest, CountsAreSummedOverThreads) {
  PerThreadStates states(nullptr);
  auto work = [&](int n) {
    for (int i = 0; i < n; ++i) CountAllocation(states.Mine(), &states, 10);
    for (int i = 0; i < n; ++i) CountDeallocation(states.Mine(), &states, 10);
  };
  std::thread a(work, 100), b(work, 50);
  a.join();
  b.join();
  ThreadStateTotals totals = states.Snapshot();
  EXPECT_EQ(totals.allocations, 150u);
  EXPECT_EQ(totals.bytes_allocated, 1500u);
  EXPECT_EQ(totals.deallocations, 150u);
  EXPECT_EQ(totals.bytes_freed, 1500u);
  EXPECT_EQ(totals.threads, 2);
}

}  // namespace
}  // namespace hftbot::alloc
