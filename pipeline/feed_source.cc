#include "pipeline/feed_source.h"

#include <functional>
#include <limits>
#include <queue>
#include <utility>

namespace hftbot::pipeline {

namespace {

// The k of every event of `streams` in file-position order: a heap merge of the
// streams, each already in file order. k fits 32 bits: a feed has at most one stream
// per feed::SymbolId.
std::vector<uint32_t> MergeByFilePosition(const std::vector<const feed::SymbolStream*>& streams) {
  size_t total = 0;
  for (const feed::SymbolStream* stream : streams) total += stream->events.size();
  std::vector<uint32_t> order;
  order.reserve(total);
  std::vector<size_t> cursor(streams.size(), 0);
  using Head = std::pair<uint64_t, uint32_t>;  // (file position, k): the smallest first
  std::priority_queue<Head, std::vector<Head>, std::greater<Head>> heads;
  for (uint32_t k = 0; k < streams.size(); ++k) {
    if (!streams[k]->file_positions.empty()) heads.emplace(streams[k]->file_positions[0], k);
  }
  while (!heads.empty()) {
    const uint32_t k = heads.top().second;
    heads.pop();
    order.push_back(k);
    const std::vector<uint64_t>& positions = streams[k]->file_positions;
    if (++cursor[k] < positions.size()) heads.emplace(positions[cursor[k]], k);
  }
  return order;
}

}  // namespace

FeedSource::FeedSource(const feed::LoadedTicks& ticks, std::vector<size_t> symbols)
    : ticks_(&ticks), symbols_(std::move(symbols)), cursor_(symbols_.size(), 0) {
  for (size_t symbol : symbols_) streams_.push_back(&ticks.symbols[symbol]);
  merge_order_ = MergeByFilePosition(streams_);
}

FeedSource::FeedSource(std::vector<size_t> symbols, std::vector<StagingQueue*> staging,
                       const std::atomic<uint64_t>& reader_position, const std::atomic<bool>& reader_done)
    : symbols_(std::move(symbols)),
      staging_(std::move(staging)),
      reader_position_(&reader_position),
      reader_done_(&reader_done) {}

FeedSource::Status FeedSource::Next() { return ticks_ != nullptr ? NextInMemory() : NextStreamed(); }

FeedSource::Status FeedSource::NextInMemory() {
  if (next_ == merge_order_.size()) return Status::kEnd;
  pick_ = merge_order_[next_];
  const size_t index = cursor_[pick_];
  event_ = &streams_[pick_]->events[index];
  position_ = streams_[pick_]->file_positions[index];
  return Status::kReady;
}

FeedSource::Status FeedSource::NextStreamed() {
  size_t pick = symbols_.size();
  uint64_t pick_position = std::numeric_limits<uint64_t>::max();
  const feed::Event* picked = nullptr;
  bool some_empty = false;
  for (size_t k = 0; k < symbols_.size(); ++k) {
    StagingQueue& staging = *staging_[k];
    if (staging.read_available() == 0) {
      some_empty = true;
      continue;
    }
    const StagedEvent& staged = staging.front();
    if (staged.position < pick_position) {
      pick_position = staged.position;
      pick = k;
      picked = &staged.event;
    }
  }
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
  pick_ = pick;
  event_ = picked;
  position_ = pick_position;
  return Status::kReady;
}

void FeedSource::Consume() {
  if (ticks_ != nullptr) {
    ++cursor_[pick_];
    ++next_;
  } else {
    staging_[pick_]->pop();
  }
}

}  // namespace hftbot::pipeline
