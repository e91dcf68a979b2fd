#include "pipeline/reader_loop.h"

#include <chrono>
#include <thread>

#include "alloc/component.h"

namespace hftbot::pipeline {

void ReaderLoop::Run() {
  alloc::ComponentScope component(alloc::Component::kFeed);
  feed::TickReader reader(path_, options_);
  feed::Event event;
  // relaxed stop reads: stopping one event late is harmless.
  while (!stop_.load(std::memory_order_relaxed) && reader.Next(event)) {
    StagingQueue& staging = *staging_[event.symbol];
    StagedEvent item{event, reader.position()};
    while (!staging.push(item)) {
      if (stop_.load(std::memory_order_relaxed)) break;
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
    if (stop_.load(std::memory_order_relaxed)) break;
    // release: the feed thread that reads this position sees the staged event.
    position_.store(reader.position() + 1, std::memory_order_release);
  }
  done_.store(true, std::memory_order_release);
}

}  // namespace hftbot::pipeline
