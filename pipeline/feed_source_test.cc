#include "pipeline/feed_source.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

namespace hftbot::pipeline {
namespace {

feed::Event At(int64_t ts, feed::SymbolId symbol) {
  feed::Event event;
  event.ts_ns = ts;
  event.symbol = symbol;
  return event;
}

// Three symbols interleaved in the file as positions 0..8.
feed::LoadedTicks ThreeSymbols() {
  feed::LoadedTicks ticks;
  ticks.symbols.resize(3);
  const feed::SymbolId order[] = {0, 1, 0, 2, 2, 1, 0, 2, 1};
  for (uint64_t position = 0; position < 9; ++position) {
    feed::SymbolStream& stream = ticks.symbols[order[position]];
    stream.events.push_back(At(static_cast<int64_t>(position) * 10, order[position]));
    stream.file_positions.push_back(position);
  }
  return ticks;
}

TEST(FeedSourceTest, MergesItsSymbolsInFileOrder) {
  feed::LoadedTicks ticks = ThreeSymbols();
  FeedSource source(ticks, {0, 2});
  std::vector<uint64_t> positions;
  while (source.Next() == FeedSource::Status::kReady) {
    EXPECT_EQ(source.event().symbol, source.symbol());
    positions.push_back(source.position());
    source.Consume();
  }
  EXPECT_EQ(positions, (std::vector<uint64_t>{0, 2, 3, 4, 6, 7}));
  EXPECT_EQ(source.Next(), FeedSource::Status::kEnd);
}

// Positions need not be dense (rejected records leave gaps), and a stream may run out
// long before the others.
TEST(FeedSourceTest, MergesSparsePositionsAndUnevenStreams) {
  feed::LoadedTicks ticks;
  ticks.symbols.resize(3);
  const std::pair<feed::SymbolId, uint64_t> records[] = {{2, 3}, {0, 4}, {2, 9}, {2, 10}, {1, 12}, {2, 40}, {1, 41}};
  for (const auto& [symbol, position] : records) {
    ticks.symbols[symbol].events.push_back(At(static_cast<int64_t>(position), symbol));
    ticks.symbols[symbol].file_positions.push_back(position);
  }
  FeedSource source(ticks, {2, 1, 0});
  std::vector<uint64_t> positions;
  while (source.Next() == FeedSource::Status::kReady) {
    EXPECT_EQ(source.event().symbol, source.symbol());
    EXPECT_EQ(static_cast<uint64_t>(source.event().ts_ns), source.position());
    positions.push_back(source.position());
    source.Consume();
  }
  EXPECT_EQ(positions, (std::vector<uint64_t>{3, 4, 9, 10, 12, 40, 41}));
}

TEST(FeedSourceTest, TwoEventsAtOnePositionAreAnErrorNotALoss) {
  feed::LoadedTicks ticks = ThreeSymbols();
  ticks.symbols[2].file_positions[0] = ticks.symbols[0].file_positions[1];
  EXPECT_THROW(FeedSource(ticks, {0, 2}), std::logic_error);
  EXPECT_NO_THROW(FeedSource(ticks, {0, 1}));
}

// A stream out of file order would pair its events with the wrong positions and size the
// merge table by a position that is not its largest.
TEST(FeedSourceTest, AStreamOutOfFileOrderIsAnError) {
  feed::LoadedTicks ticks = ThreeSymbols();
  std::swap(ticks.symbols[1].file_positions[0], ticks.symbols[1].file_positions[2]);
  EXPECT_THROW(FeedSource(ticks, {1}), std::logic_error);
  EXPECT_NO_THROW(FeedSource(ticks, {0, 2}));
}

TEST(FeedSourceTest, NextWithoutConsumeKeepsTheSameEvent) {
  feed::LoadedTicks ticks = ThreeSymbols();
  FeedSource source(ticks, {1});
  ASSERT_EQ(source.Next(), FeedSource::Status::kReady);
  ASSERT_EQ(source.Next(), FeedSource::Status::kReady);
  EXPECT_EQ(source.position(), 1u);
}

// Streamed: an event may be handed out only when no earlier event can still arrive
// for a symbol whose staging queue is empty.
TEST(FeedSourceTest, StreamedWaitsForTheReaderToPassThePick) {
  StagingQueue a(16), b(16);
  std::atomic<uint64_t> reader_position{0};
  std::atomic<bool> reader_done{false};
  FeedSource source({0, 1}, {&a, &b}, reader_position, reader_done);
  EXPECT_EQ(source.Next(), FeedSource::Status::kNotYet);  // nothing staged

  ASSERT_TRUE(a.push({At(50, 0), 5}));
  reader_position.store(5);  // the reader staged position 5 but not yet 6
  EXPECT_EQ(source.Next(), FeedSource::Status::kNotYet) << "symbol 1 could still get position < 5";

  reader_position.store(6);  // read past 5: nothing earlier can come for symbol 1
  ASSERT_EQ(source.Next(), FeedSource::Status::kReady);
  EXPECT_EQ(source.position(), 5u);
  source.Consume();

  ASSERT_TRUE(b.push({At(70, 1), 7}));
  reader_position.store(8);
  reader_done.store(true);
  ASSERT_EQ(source.Next(), FeedSource::Status::kReady);
  EXPECT_EQ(source.symbol(), 1u);
  source.Consume();
  EXPECT_EQ(source.Next(), FeedSource::Status::kEnd);
}

}  // namespace
}  // namespace hftbot::pipeline
