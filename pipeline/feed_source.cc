#include "pipeline/feed_source.h"

#include <limits>
#include <utility>

namespace hftbot::pipeline {

FeedSource::FeedSource(const feed::LoadedTicks& ticks, std::vector<size_t> symbols)
    : ticks_(&ticks), symbols_(std::move(symbols)), cursor_(symbols_.size(), 0) {}

FeedSource::FeedSource(std::vector<size_t> symbols, std::vector<StagingQueue*> staging,
                       const std::atomic<uint64_t>& reader_position, const std::atomic<bool>& reader_done)
    : symbols_(std::move(symbols)),
      staging_(std::move(staging)),
      reader_position_(&reader_position),
      reader_done_(&reader_done) {}

bool FeedSource::Front(size_t k, const feed::Event*& event, uint64_t& position) const {
  if (ticks_ != nullptr) {
    const feed::SymbolStream& stream = ticks_->symbols[symbols_[k]];
    if (cursor_[k] >= stream.events.size()) return false;
    event = &stream.events[cursor_[k]];
    position = stream.file_positions[cursor_[k]];
    return true;
  }
  StagingQueue& staging = *staging_[k];
  if (staging.read_available() == 0) return false;
  const StagedEvent& staged = staging.front();
  event = &staged.event;
  position = staged.position;
  return true;
}

FeedSource::Status FeedSource::Next() {
  size_t pick = symbols_.size();
  uint64_t pick_position = std::numeric_limits<uint64_t>::max();
  const feed::Event* picked = nullptr;
  bool some_empty = false;
  for (size_t k = 0; k < symbols_.size(); ++k) {
    const feed::Event* event = nullptr;
    uint64_t position = 0;
    if (!Front(k, event, position)) {
      some_empty = true;
      continue;
    }
    if (position < pick_position) {
      pick_position = position;
      pick = k;
      picked = event;
    }
  }
  if (ticks_ == nullptr) {
    // acquire: pairs with the reader's release, so its staged events are visible.
    bool reader_done = reader_done_->load(std::memory_order_acquire);
    uint64_t reader_position = reader_position_->load(std::memory_order_acquire);
    // An empty symbol may still get an event that comes before the pick: hand the
    // pick out only once the reader has read past its position.
    if (!reader_done && (pick == symbols_.size() || (some_empty && reader_position <= pick_position))) {
      return Status::kNotYet;
    }
    if (pick == symbols_.size()) {
      // Done only when the reader is done and nothing arrived since the scan above.
      for (StagingQueue* staging : staging_) {
        if (staging->read_available() > 0) return Status::kNotYet;
      }
      return Status::kEnd;
    }
  }
  if (pick == symbols_.size()) return Status::kEnd;
  pick_ = pick;
  event_ = picked;
  position_ = pick_position;
  return Status::kReady;
}

void FeedSource::Consume() {
  if (ticks_ != nullptr) {
    ++cursor_[pick_];
  } else {
    staging_[pick_]->pop();
  }
}

}  // namespace hftbot::pipeline
