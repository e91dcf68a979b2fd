#include "bot/pipeline.h"

#include <immintrin.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <boost/lockfree/spsc_queue.hpp>
#include <concurrentqueue/concurrentqueue.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <limits>
#include <thread>

#include "alloc/allocator.h"
#include "bot/core_floor.h"
#include "bot/doorbell.h"
#include "engine/allocation_profile.h"
#include "engine/symbol_engine.h"
#include "engine/wire_format.h"
#include "feed/input_error.h"
#include "feed/tick_reader.h"

namespace hftbot::bot {
namespace {

using feed::Event;

constexpr int64_t kParkTimeoutUs = 2000;  // safety net; producers ring the doorbell
constexpr int kSpinsBeforePark = 256;

// How a thread with nothing to do waits. spin and yield never sleep; block parks on
// a doorbell after a short spin (so a busy pipeline never pays for a system call).
class Idler {
 public:
  Idler(WaitStrategy wait, Doorbell* bell) : wait_(wait), bell_(bell) {}

  template <typename HasWork>
  void Idle(HasWork&& has_work) {
    switch (wait_) {
      case WaitStrategy::kSpin:
        _mm_pause();
        return;
      case WaitStrategy::kYield:
        sched_yield();
        return;
      case WaitStrategy::kBlock:
      case WaitStrategy::kAuto:
        if (++idle_spins_ < kSpinsBeforePark) {
          _mm_pause();
          return;
        }
        bell_->Park(has_work, kParkTimeoutUs);
        return;
    }
  }
  void Busy() { idle_spins_ = 0; }

 private:
  WaitStrategy wait_;
  Doorbell* bell_;
  int idle_spins_ = 0;
};

// Waits until `deadline_ns` on `clock`. block sleeps the whole way (a spinning feed
// thread on an oversubscribed machine would steal the engine's core); the OS wake-up
// delay then shows up as latency, as it should, because t0 is the scheduled time.
// Returns early when `stop` turns true (sleeps are cut into 10 ms slices to notice it).
void WaitUntil(const metrics::Clock& clock, int64_t deadline_ns, WaitStrategy wait, const std::atomic<bool>& stop) {
  constexpr int64_t kSliceNs = 10'000'000;
  for (;;) {
    int64_t remaining = deadline_ns - clock.NowNs();
    if (remaining <= 0 || stop.load(std::memory_order_relaxed)) return;
    if (wait == WaitStrategy::kBlock) {
      std::this_thread::sleep_for(std::chrono::nanoseconds(std::min(remaining, kSliceNs)));
    } else if (wait == WaitStrategy::kYield) {
      sched_yield();
    } else {
      _mm_pause();
    }
  }
}

uint64_t CurrentThreadId() { return static_cast<uint64_t>(syscall(SYS_gettid)); }

// What travels from a feed thread to an engine thread. naive allocates each event on
// the feed thread and frees it on the engine thread, as a typical first bot does;
// pooled copies the event into the queue's preallocated slot.
struct NaiveFeedItem {
  std::shared_ptr<const Event> event;
  int64_t t0 = 0;
};
struct PooledFeedItem {
  Event event;
  int64_t t0 = 0;
};

// What travels from an engine thread to the gateway.
struct NaiveOrderItem {
  engine::Order order;
  std::string client_order_id;  // a typical first bot's string id
  int64_t t2 = 0;
};
struct PooledOrderItem {
  engine::Order order;
  int64_t t2 = 0;
};

template <engine::AllocationProfile kProfile>
struct ProfileTypes;
template <>
struct ProfileTypes<engine::AllocationProfile::kNaive> {
  using FeedItem = NaiveFeedItem;
  using OrderMessage = std::unique_ptr<NaiveOrderItem>;
};
template <>
struct ProfileTypes<engine::AllocationProfile::kPooled> {
  using FeedItem = PooledFeedItem;
  using OrderMessage = PooledOrderItem;
};

// Shared replay state. Written before the threads start, then read-only, except
// for the atomics.
template <engine::AllocationProfile kProfile>
class Replay {
 public:
  using FeedItem = typename ProfileTypes<kProfile>::FeedItem;
  using OrderMessage = typename ProfileTypes<kProfile>::OrderMessage;
  using FeedQueue = boost::lockfree::spsc_queue<FeedItem>;
  struct StagedEvent {
    Event event;
    uint64_t position = 0;
  };
  using StagingQueue = boost::lockfree::spsc_queue<StagedEvent>;

  Replay(const feed::LoadedTicks& ticks, const Config& config, const StrategyFactory& make_strategy,
         const metrics::Clock& clock, WaitStrategy wait, int feed_threads, int engine_threads,
         const std::atomic<bool>& stop, const StreamSource& source, BboTrace* bbo_trace)
      : ticks_(ticks),
        source_(source),
        streamed_(!source.path.empty()),
        config_(config),
        clock_(clock),
        wait_(wait),
        feed_threads_(feed_threads),
        engine_threads_(engine_threads),
        symbol_count_(ticks.symbols.size()),
        orders_(static_cast<size_t>(config.order_queue_capacity), engine_threads + 1, 0),
        engine_bells_(static_cast<size_t>(engine_threads)),
        engine_shards_(static_cast<size_t>(engine_threads)),
        stop_(stop),
        bbo_trace_(bbo_trace) {
    for (size_t s = 0; s < symbol_count_; ++s) {
      events_per_symbol_.push_back(streamed_ ? source.events_per_symbol[s] : ticks.symbols[s].events.size());
    }
    engine::EngineConfig engine_config = MakeEngineConfig();
    for (size_t s = 0; s < symbol_count_; ++s) {
      symbols_.push_back(std::make_unique<SymbolLane>(static_cast<size_t>(config.feed_queue_capacity),
                                                      streamed_ ? source.staging_capacity : 0));
    }
    for (int e = 0; e < engine_threads; ++e) {
      auto shard = std::make_unique<EngineShard>(*this, config);
      engine_shards_[static_cast<size_t>(e)] = std::move(shard);
    }
    for (size_t s = 0; s < symbol_count_; ++s) {
      EngineShard& shard = *engine_shards_[s % static_cast<size_t>(engine_threads)];
      const std::string& name = ticks.symbols[s].name;
      shard.symbols.push_back(s);
      shard.engines.push_back(std::make_unique<engine::SymbolEngine>(
          static_cast<feed::SymbolId>(s), name, engine_config, make_strategy(name), shard.sink));
    }
  }

  RunResult Run();

 private:
  engine::EngineConfig MakeEngineConfig() const {
    engine::EngineConfig engine_config;
    engine_config.profile = kProfile;
    engine_config.order_latency_ns = config_.order_latency_ns;
    engine_config.risk.max_position = static_cast<feed::Quantity>(config_.max_position * feed::kFixedPointScale);
    engine_config.risk.max_orders_per_second = static_cast<uint32_t>(config_.max_order_rate);
    engine_config.risk.max_notional = static_cast<feed::Price>(config_.max_notional * feed::kFixedPointScale);
    return engine_config;
  }

  struct alignas(64) SymbolLane {
    SymbolLane(size_t capacity, size_t staging_capacity)
        : queue(capacity),
          staging(staging_capacity > 0 ? std::make_unique<StagingQueue>(staging_capacity) : nullptr) {}
    FeedQueue queue;
    std::unique_ptr<StagingQueue> staging;  // streamed mode: reader -> feed thread
    // release/acquire: an engine that sees finished == true also sees every push before it.
    alignas(64) std::atomic<bool> finished{false};
    alignas(64) std::atomic<uint64_t> dropped{0};
  };

  // The engine thread's sink: stamps t2 and hands the order to the gateway.
  class GatewaySink final : public engine::OrderSink {
   public:
    GatewaySink(Replay& replay, const Config& config)
        : replay_(replay),
          token_(replay.orders_),
          tick_to_order_(1, config.histogram_highest_ns, config.significant_figures) {}

    void OnOrder(const engine::Order& order) override {
      int64_t t2 = replay_.clock_.NowNs();
      (void)tick_to_order_.Record(t2 - current_t0);
      if constexpr (kProfile == engine::AllocationProfile::kNaive) {
        auto message = std::make_unique<NaiveOrderItem>();
        message->order = order;
        message->client_order_id = "HFT-" + std::to_string(order.client_order_id);
        message->t2 = t2;
        replay_.orders_.enqueue(token_, std::move(message));  // may allocate: the naive way
      } else {
        PooledOrderItem message{order, t2};
        Idler idler(replay_.wait_ == WaitStrategy::kSpin ? WaitStrategy::kSpin : WaitStrategy::kYield, nullptr);
        while (!replay_.orders_.try_enqueue(token_, message)) idler.Idle([] { return true; });
      }
      if (replay_.wait_ == WaitStrategy::kBlock) replay_.gateway_bell_.Ring();
    }

    int64_t current_t0 = 0;
    metrics::Histogram& tick_to_order() { return tick_to_order_; }

   private:
    Replay& replay_;
    moodycamel::ProducerToken token_;
    metrics::Histogram tick_to_order_;
  };

  struct EngineShard {
    EngineShard(Replay& replay, const Config& config)
        : sink(replay, config), feed_to_engine(1, config.histogram_highest_ns, config.significant_figures) {}
    std::vector<size_t> symbols;
    std::vector<std::unique_ptr<engine::SymbolEngine>> engines;
    GatewaySink sink;
    metrics::Histogram feed_to_engine;
    alignas(64) std::atomic<uint64_t> processed{0};
  };

  void FeedThread(int index, int cpu);
  void ReaderThread();
  void EngineThread(int index, int cpu);
  void GatewayThread(int cpu);

  // The scheduled publish offset of an event, in ns since the replay start; -1 at max speed.
  int64_t ScheduledOffset(const Event& event, uint64_t file_position) const {
    if (config_.rate > 0) return static_cast<int64_t>(static_cast<double>(file_position) * 1e9 / config_.rate);
    if (config_.speed > 0) return static_cast<int64_t>(static_cast<double>(event.ts_ns - first_ts_ns_) / config_.speed);
    return -1;
  }

  const feed::LoadedTicks& ticks_;
  const StreamSource& source_;
  const bool streamed_;
  const Config& config_;
  const metrics::Clock& clock_;
  const WaitStrategy wait_;
  const int feed_threads_;
  const int engine_threads_;
  const size_t symbol_count_;
  int64_t first_ts_ns_ = 0;
  int64_t start_ns_ = 0;

  std::vector<std::unique_ptr<SymbolLane>> symbols_;
  moodycamel::ConcurrentQueue<OrderMessage> orders_;
  std::vector<Doorbell> engine_bells_;
  Doorbell gateway_bell_;
  std::vector<std::unique_ptr<EngineShard>> engine_shards_;
  const std::atomic<bool>& stop_;
  BboTrace* const bbo_trace_;
  std::vector<uint64_t> events_per_symbol_;
  // Streamed mode: how far the reader has read (one past the last staged position).
  alignas(64) std::atomic<uint64_t> reader_position_{0};
  alignas(64) std::atomic<bool> reader_done_{false};
  alignas(64) std::atomic<uint64_t> unreplayed_{0};
  alignas(64) std::atomic<int> engines_running_{0};
  // release/acquire: the main thread that sees gateway_done_ reads gateway_done_ns_.
  alignas(64) std::atomic<bool> gateway_done_{false};
  int64_t gateway_done_ns_ = 0;
  uint64_t orders_on_wire_ = 0;
  uint64_t wire_bytes_ = 0;
  std::unique_ptr<metrics::Histogram> order_to_wire_;
};

template <engine::AllocationProfile kProfile>
void Replay<kProfile>::FeedThread(int index, int cpu) {
  if (cpu >= 0) PinCurrentThread(cpu);
  // The default 50 us timer slack would make every paced sleep overshoot by that much.
  if (wait_ == WaitStrategy::kBlock) prctl(PR_SET_TIMERSLACK, 1000UL, 0, 0, 0);
  WaitUntil(clock_, start_ns_, wait_, stop_);  // every feed starts together, also at max speed
  // This thread's symbols, merged by file position (the recording's order), so each
  // thread publishes in the order the recording happened.
  std::vector<size_t> mine;
  for (size_t s = static_cast<size_t>(index); s < symbol_count_; s += static_cast<size_t>(feed_threads_)) {
    mine.push_back(s);
  }
  std::vector<size_t> cursor(mine.size(), 0);  // in-memory mode
  uint64_t published = 0;
  WaitStrategy space_wait = wait_ == WaitStrategy::kSpin ? WaitStrategy::kSpin : WaitStrategy::kYield;
  // The next event of symbol k and its file position; false when none is available now.
  auto front = [&](size_t k, const Event*& event, uint64_t& position) {
    if (!streamed_) {
      const feed::SymbolStream& stream = ticks_.symbols[mine[k]];
      if (cursor[k] >= stream.events.size()) return false;
      event = &stream.events[cursor[k]];
      position = stream.file_positions[cursor[k]];
      return true;
    }
    StagingQueue& staging = *symbols_[mine[k]]->staging;
    if (staging.read_available() == 0) return false;
    const StagedEvent& staged = staging.front();
    event = &staged.event;
    position = staged.position;
    return true;
  };
  for (;;) {
    size_t pick = mine.size();
    uint64_t pick_position = std::numeric_limits<uint64_t>::max();
    const Event* picked = nullptr;
    bool some_empty = false;
    for (size_t k = 0; k < mine.size(); ++k) {
      const Event* event = nullptr;
      uint64_t position = 0;
      if (!front(k, event, position)) {
        some_empty = true;
        continue;
      }
      if (position < pick_position) {
        pick_position = position;
        pick = k;
        picked = event;
      }
    }
    if (streamed_) {
      // acquire: pairs with the reader's release, so its staged events are visible.
      bool reader_done = reader_done_.load(std::memory_order_acquire);
      uint64_t reader_position = reader_position_.load(std::memory_order_acquire);
      // An empty symbol may still get an event that comes before the pick: publish
      // only once the reader has read past the pick's position.
      if (!reader_done && (pick == mine.size() || (some_empty && reader_position <= pick_position))) {
        if (stop_.load(std::memory_order_relaxed)) break;
        if (wait_ == WaitStrategy::kSpin) {
          _mm_pause();
        } else {
          sched_yield();
        }
        continue;
      }
      if (pick == mine.size()) {
        // Done only when the reader is done and nothing arrived since the check above.
        bool any = false;
        for (size_t k = 0; k < mine.size(); ++k) any |= symbols_[mine[k]]->staging->read_available() > 0;
        if (!any) break;
        continue;
      }
    }
    if (pick == mine.size()) break;
    // relaxed: a stop seen one event late is harmless; what was not published is counted.
    if (stop_.load(std::memory_order_relaxed)) break;
    size_t symbol = mine[pick];
    const Event event = *picked;
    int64_t offset = ScheduledOffset(event, pick_position);
    int64_t t0;
    if (offset >= 0) {
      t0 = start_ns_ + offset;
      WaitUntil(clock_, t0, wait_, stop_);
      if (stop_.load(std::memory_order_relaxed)) break;  // not published: counted below
    } else {
      t0 = clock_.NowNs();
    }
    if (streamed_) {
      symbols_[symbol]->staging->pop();
    } else {
      ++cursor[pick];
    }
    ++published;
    SymbolLane& lane = *symbols_[symbol];
    FeedItem item;
    if constexpr (kProfile == engine::AllocationProfile::kNaive) {
      item.event = std::make_shared<const Event>(event);
    } else {
      item.event = event;
    }
    item.t0 = t0;
    bool pushed = lane.queue.push(item);
    if (!pushed && config_.on_full == OnFull::kDrop) {
      lane.dropped.store(lane.dropped.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
      continue;
    }
    while (!pushed) {
      // Backpressure: the wait is part of this event's latency (t0 was fixed above).
      if (space_wait == WaitStrategy::kSpin) {
        _mm_pause();
      } else if (wait_ == WaitStrategy::kBlock) {
        std::this_thread::sleep_for(std::chrono::microseconds(20));
      } else {
        sched_yield();
      }
      pushed = lane.queue.push(item);
    }
    if (wait_ == WaitStrategy::kBlock) engine_bells_[symbol % static_cast<size_t>(engine_threads_)].Ring();
  }
  uint64_t mine_total = 0;
  for (size_t symbol : mine) mine_total += events_per_symbol_[symbol];
  unreplayed_.fetch_add(mine_total - published, std::memory_order_relaxed);
  for (size_t symbol : mine) {
    symbols_[symbol]->finished.store(true, std::memory_order_release);
    engine_bells_[symbol % static_cast<size_t>(engine_threads_)].Ring();
  }
}

// Streamed mode: reads the file once more, in order, into the per-symbol staging
// queues (bounded: together they hold at most the memory budget). Not a hot thread:
// reading is part of loading, and t0 is taken by the feed threads.
template <engine::AllocationProfile kProfile>
void Replay<kProfile>::ReaderThread() {
  feed::TickReader reader(source_.path, source_.options);
  Event event;
  uint64_t staged = 0;
  while (!stop_.load(std::memory_order_relaxed) && reader.Next(event)) {
    StagingQueue& staging = *symbols_[event.symbol]->staging;
    StagedEvent item{event, reader.position()};
    while (!staging.push(item)) {
      if (stop_.load(std::memory_order_relaxed)) break;
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
    if (stop_.load(std::memory_order_relaxed)) break;
    ++staged;
    // release: the feed thread that reads this position sees the staged event.
    reader_position_.store(reader.position() + 1, std::memory_order_release);
  }
  reader_done_.store(true, std::memory_order_release);
}

template <engine::AllocationProfile kProfile>
void Replay<kProfile>::EngineThread(int index, int cpu) {
  if (cpu >= 0) PinCurrentThread(cpu);
  EngineShard& shard = *engine_shards_[static_cast<size_t>(index)];
  Idler idler(wait_, &engine_bells_[static_cast<size_t>(index)]);
  auto has_work = [&] {
    for (size_t s : shard.symbols) {
      if (symbols_[s]->queue.read_available() > 0) return true;
    }
    return false;
  };
  uint64_t processed = 0;
  for (;;) {
    bool worked = false;
    for (size_t k = 0; k < shard.symbols.size(); ++k) {
      SymbolLane& lane = *symbols_[shard.symbols[k]];
      engine::SymbolEngine& symbol_engine = *shard.engines[k];
      // Bounded batch per symbol keeps the symbols of one shard fair.
      for (int batch = 0; batch < 64; ++batch) {
        if (lane.queue.read_available() == 0) break;
        FeedItem* item = &lane.queue.front();
        int64_t t1 = clock_.NowNs();
        (void)shard.feed_to_engine.Record(t1 - item->t0);
        shard.sink.current_t0 = item->t0;
        const Event* event;
        if constexpr (kProfile == engine::AllocationProfile::kNaive) {
          event = item->event.get();
        } else {
          event = &item->event;
        }
        symbol_engine.OnEvent(*event);
        if (bbo_trace_ != nullptr) bbo_trace_->writer(symbol_engine.symbol()).Record(*event, symbol_engine.book());
        lane.queue.pop();  // naive: the last reference, so the event is freed here
        ++processed;
        worked = true;
      }
    }
    if (worked) {
      idler.Busy();
      // relaxed: a progress figure for the sampler; exactness comes from join().
      shard.processed.store(processed, std::memory_order_relaxed);
      continue;
    }
    bool all_finished = true;
    for (size_t s : shard.symbols) {
      all_finished &= symbols_[s]->finished.load(std::memory_order_acquire);
    }
    if (all_finished && !has_work()) break;
    idler.Idle(has_work);
  }
  for (auto& symbol_engine : shard.engines) symbol_engine->Finish();
  shard.processed.store(processed, std::memory_order_relaxed);
  // release: the gateway that sees zero running engines sees all their orders.
  engines_running_.fetch_sub(1, std::memory_order_release);
  gateway_bell_.Ring();
}

template <engine::AllocationProfile kProfile>
void Replay<kProfile>::GatewayThread(int cpu) {
  if (cpu >= 0) PinCurrentThread(cpu);
  metrics::Histogram& histogram = *order_to_wire_;
  moodycamel::ConsumerToken token(orders_);
  Idler idler(wait_, &gateway_bell_);
  std::ofstream log;
  if (!config_.order_log.empty()) log.open(config_.order_log, std::ios::out | std::ios::trunc);
  char buffer[512];
  constexpr size_t kBulk = 64;
  OrderMessage batch[kBulk];
  auto has_work = [&] { return orders_.size_approx() > 0; };
  for (;;) {
    size_t n = orders_.try_dequeue_bulk(token, batch, kBulk);
    if (n == 0) {
      if (engines_running_.load(std::memory_order_acquire) == 0 && orders_.size_approx() == 0) break;
      idler.Idle(has_work);
      continue;
    }
    idler.Busy();
    for (size_t i = 0; i < n; ++i) {
      int64_t t2 = 0;
      if constexpr (kProfile == engine::AllocationProfile::kNaive) {
        const NaiveOrderItem& item = *batch[i];
        std::string wire = engine::EncodeToString(item.order, ticks_.symbols[item.order.symbol].name);
        t2 = item.t2;
        wire_bytes_ += wire.size();
        if (log.is_open()) log << wire << '\n';
        batch[i].reset();  // freed on this thread, allocated on the engine thread
      } else {
        const PooledOrderItem& item = batch[i];
        size_t size = engine::EncodeInto(item.order, ticks_.symbols[item.order.symbol].name, buffer, sizeof(buffer));
        t2 = item.t2;
        wire_bytes_ += size;
        if (log.is_open()) log.write(buffer, static_cast<std::streamsize>(size)).put('\n');
      }
      int64_t t3 = clock_.NowNs();
      (void)histogram.Record(t3 - t2);
      ++orders_on_wire_;
    }
  }
  gateway_done_ns_ = clock_.NowNs();
  gateway_done_.store(true, std::memory_order_release);
}

template <engine::AllocationProfile kProfile>
RunResult Replay<kProfile>::Run() {
  RunResult result;
  result.wait = wait_;
  result.feed_threads = feed_threads_;
  result.engine_threads = engine_threads_;
  result.busy_threads = feed_threads_ + engine_threads_ + 1;
  result.cores = static_cast<int>(std::thread::hardware_concurrency());
  order_to_wire_ = std::make_unique<metrics::Histogram>(1, config_.histogram_highest_ns, config_.significant_figures);

  first_ts_ns_ = std::numeric_limits<int64_t>::max();
  for (const auto& stream : ticks_.symbols) {
    if (!stream.events.empty()) first_ts_ns_ = std::min(first_ts_ns_, stream.events.front().ts_ns);
  }
  if (streamed_) first_ts_ns_ = source_.first_ts_ns;
  // CPUs from pin_cpus are handed out in turn: feeds, engines, then the gateway.
  size_t next_cpu = 0;
  auto take_cpu = [&] {
    if (config_.pin_cpus.empty()) return -1;
    return config_.pin_cpus[next_cpu++ % config_.pin_cpus.size()];
  };

  alloc::AllocationTotals before = alloc::AllocationCounterTotals();
  engines_running_.store(engine_threads_, std::memory_order_relaxed);
  // Start a little in the future so every feed thread is up before the first schedule.
  start_ns_ = clock_.NowNs() + 2'000'000;
  std::vector<std::thread> threads;
  if (streamed_) threads.emplace_back([this] { ReaderThread(); });
  // Each hot thread writes its own slot before it starts work; read after join().
  std::vector<uint64_t> hot_ids(static_cast<size_t>(1 + engine_threads_ + feed_threads_));
  threads.emplace_back([this, &hot_ids, cpu = take_cpu()] {
    hot_ids[0] = CurrentThreadId();
    GatewayThread(cpu);
  });
  for (int e = 0; e < engine_threads_; ++e) {
    threads.emplace_back([this, e, &hot_ids, cpu = take_cpu()] {
      hot_ids[static_cast<size_t>(1 + e)] = CurrentThreadId();
      EngineThread(e, cpu);
    });
  }
  for (int f = 0; f < feed_threads_; ++f) {
    threads.emplace_back([this, f, &hot_ids, cpu = take_cpu()] {
      hot_ids[static_cast<size_t>(1 + engine_threads_ + f)] = CurrentThreadId();
      FeedThread(f, cpu);
    });
  }

  // The main thread samples memory and prints progress; it never touches the queues.
  result.memory.sampler_thread_id = CurrentThreadId();
  const bool progress = config_.progress && isatty(fileno(stderr));
  const auto interval = std::chrono::duration<double>(config_.memory_sample_interval_s);
  uint64_t total_events = 0;
  for (uint64_t n : events_per_symbol_) total_events += n;
  auto processed_now = [&] {
    uint64_t sum = 0;
    for (const auto& shard : engine_shards_) sum += shard->processed.load(std::memory_order_relaxed);
    return sum;
  };
  auto sample = [&] {
    double t = static_cast<double>(clock_.NowNs() - start_ns_) / 1e9;
    result.memory.samples.push_back(MakeMemorySample(std::max(t, 0.0), processed_now(), alloc::Stats()));
  };
  sample();
  auto next_sample = std::chrono::steady_clock::now() + interval;
  while (!gateway_done_.load(std::memory_order_acquire)) {
    // Short naps so a short replay is not stretched to the sampling interval.
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (std::chrono::steady_clock::now() < next_sample) continue;
    next_sample += std::chrono::duration_cast<std::chrono::steady_clock::duration>(interval);
    sample();
    if (progress) {
      uint64_t done = processed_now();
      std::fprintf(stderr, "\rreplaying: %llu / %llu events (%.0f%%)   ", static_cast<unsigned long long>(done),
                   static_cast<unsigned long long>(total_events),
                   total_events ? 100.0 * static_cast<double>(done) / static_cast<double>(total_events) : 100.0);
    }
  }
  for (auto& thread : threads) thread.join();
  const int64_t end_ns = gateway_done_ns_;
  result.hot_thread_ids = hot_ids;
  sample();
  if (progress) std::fprintf(stderr, "\r%60s\r", "");
  alloc::AllocationTotals after = alloc::AllocationCounterTotals();
  result.allocations = {after.allocations - before.allocations, after.deallocations - before.deallocations,
                        after.bytes_allocated - before.bytes_allocated};

  result.duration_s = static_cast<double>(end_ns - start_ns_) / 1e9;

  result.symbol_stats.resize(symbol_count_);
  metrics::Histogram feed_to_engine(1, config_.histogram_highest_ns, config_.significant_figures);
  metrics::Histogram tick_to_order(1, config_.histogram_highest_ns, config_.significant_figures);
  for (auto& shard : engine_shards_) {
    result.processed += shard->processed.load(std::memory_order_relaxed);
    feed_to_engine.Add(shard->feed_to_engine);
    tick_to_order.Add(shard->sink.tick_to_order());
    for (size_t k = 0; k < shard->symbols.size(); ++k) {
      result.symbol_stats[shard->symbols[k]] = shard->engines[k]->stats();
    }
  }
  for (const auto& lane : symbols_) result.dropped.push_back(lane->dropped.load(std::memory_order_relaxed));
  result.orders_on_wire = orders_on_wire_;
  result.unreplayed = unreplayed_.load(std::memory_order_relaxed);
  result.partial = stop_.load(std::memory_order_relaxed);
  result.wire_bytes = wire_bytes_;
  result.stages.push_back({"feed_to_engine", std::move(feed_to_engine)});
  result.stages.push_back({"tick_to_order", std::move(tick_to_order)});
  result.stages.push_back({"order_to_wire", std::move(*order_to_wire_)});
  return result;
}

}  // namespace

RunResult RunPipeline(const feed::LoadedTicks& ticks, const Config& config, const StrategyFactory& make_strategy,
                      const metrics::Clock& clock, const std::atomic<bool>& stop, const StreamSource& stream,
                      BboTrace* bbo_trace) {
  int symbols = static_cast<int>(ticks.symbols.size());
  int feed_threads = config.feed_threads == 0 ? symbols : std::min(config.feed_threads, symbols);
  feed_threads = std::max(feed_threads, 1);
  int engine_threads = std::max(1, std::min(config.engine_threads, std::max(symbols, 1)));
  int busy = feed_threads + engine_threads + 1;
  int cores = static_cast<int>(std::thread::hardware_concurrency());
  WaitStrategy wait = config.wait;
  if (wait == WaitStrategy::kAuto) wait = busy <= cores ? WaitStrategy::kSpin : WaitStrategy::kBlock;

  engine::AllocationProfile profile = engine::AllocationProfile::kNaive;
  if (!engine::ParseAllocationProfile(config.profile, &profile)) {
    throw feed::InputError(config.source + ": engine.profile", "unknown profile '" + config.profile + "'");
  }
  if (profile == engine::AllocationProfile::kNaive) {
    Replay<engine::AllocationProfile::kNaive> replay(ticks, config, make_strategy, clock, wait, feed_threads,
                                                     engine_threads, stop, stream, bbo_trace);
    return replay.Run();
  }
  Replay<engine::AllocationProfile::kPooled> replay(ticks, config, make_strategy, clock, wait, feed_threads,
                                                    engine_threads, stop, stream, bbo_trace);
  return replay.Run();
}

}  // namespace hftbot::bot
