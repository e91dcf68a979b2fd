#include "bot/config.h"

#include <functional>
#include <set>
#include <sstream>

#include "alloc/component.h"
#include "base/toml.h"
#include "engine/allocation_profile.h"
#include "feed/event.h"
#include "feed/input_error.h"

namespace hftbot::bot {
namespace {

// Reads one TOML table, remembering which keys were used so that anything left
// over is reported as unknown instead of being silently ignored.
class TableReader {
 public:
  TableReader(const std::string& file, std::string path, const toml::table& table)
      : file_(file), path_(std::move(path)), table_(table) {}

  std::string KeyPath(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

  [[noreturn]] void Fail(const std::string& key, const std::string& reason) const {
    throw feed::InputError(file_ + ": " + KeyPath(key), reason);
  }

  const toml::node* Take(const std::string& key) {
    used_.insert(key);
    return table_.get(key);
  }

  void String(const std::string& key, std::string& out) {
    if (const toml::node* node = Take(key)) {
      auto v = node->value<std::string>();
      if (!node->is_string() || !v) Fail(key, "expected a string");
      out = *v;
    }
  }

  void Bool(const std::string& key, bool& out) {
    if (const toml::node* node = Take(key)) {
      if (!node->is_boolean()) Fail(key, "expected true or false");
      out = *node->value<bool>();
    }
  }

  void Number(const std::string& key, double& out, double min, double max) {
    if (const toml::node* node = Take(key)) {
      if (!node->is_number()) Fail(key, "expected a number");
      double v = *node->value<double>();
      if (!(v >= min && v <= max)) Fail(key, Range(v, min, max));
      out = v;
    }
  }

  void Integer(const std::string& key, int64_t& out, int64_t min, int64_t max) {
    if (const toml::node* node = Take(key)) {
      if (!node->is_integer()) Fail(key, "expected an integer");
      int64_t v = *node->value<int64_t>();
      if (v < min || v > max) Fail(key, Range(static_cast<double>(v), static_cast<double>(min), static_cast<double>(max)));
      out = v;
    }
  }

  void Integer(const std::string& key, int& out, int min, int max) {
    int64_t wide = out;
    Integer(key, wide, min, max);
    out = static_cast<int>(wide);
  }

  // `choices` lists the accepted spellings; the message names them.
  void Choice(const std::string& key, std::string& out, const std::vector<std::string>& choices) {
    std::string value = out;
    String(key, value);
    for (const auto& c : choices) {
      if (c == value) {
        out = value;
        return;
      }
    }
    std::string list;
    for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
    Fail(key, "'" + value + "' is not one of: " + list);
  }

  const toml::table* Table(const std::string& key) {
    if (const toml::node* node = Take(key)) {
      if (!node->is_table()) Fail(key, "expected a table");
      return node->as_table();
    }
    return nullptr;
  }

  // Every key of the table not read above is an error.
  void RejectUnknown() const {
    for (const auto& [key, node] : table_) {
      std::string name(key.str());
      if (!used_.count(name)) Fail(name, "unknown key");
    }
  }

  const std::string& file() const { return file_; }

 private:
  static std::string Range(double v, double min, double max) {
    std::ostringstream out;
    out << v << " is out of range [" << min << ", " << max << "]";
    return out.str();
  }

  std::string file_;
  std::string path_;
  const toml::table& table_;
  std::set<std::string> used_;
};

void ReadStrategyParams(TableReader& parent, const std::string& key, const toml::table& table,
                        std::map<std::string, double>& params) {
  TableReader reader(parent.file(), parent.KeyPath(key), table);
  for (const auto& [name, node] : table) {
    double value = 0;
    reader.Number(std::string(name.str()), value, -1e18, 1e18);
    params[std::string(name.str())] = value;
  }
}

void ReadStrategy(TableReader& parent, const std::string& key, const toml::table& table,
                  StrategyChoice& out) {
  TableReader reader(parent.file(), parent.KeyPath(key), table);
  reader.String("name", out.name);
  if (const toml::table* params = reader.Table("params")) {
    ReadStrategyParams(reader, "params", *params, out.params);
  }
  reader.RejectUnknown();
}

template <typename Fn>
void Section(TableReader& root, const std::string& name, Fn&& read) {
  if (const toml::table* table = root.Table(name)) {
    TableReader reader(root.file(), name, *table);
    read(reader);
    reader.RejectUnknown();
  }
}

}  // namespace

Config LoadConfig(const std::string& path) {
  toml::table root_table;
  try {
    root_table = toml::parse_file(path);
  } catch (const toml::parse_error& error) {
    const auto& begin = error.source().begin;
    throw feed::InputError(path + ":" + std::to_string(begin.line) + ":" + std::to_string(begin.column),
                           std::string(error.description()));
  }
  Config config;
  config.source = path;
  TableReader root(path, "", root_table);

  Section(root, "replay", [&](TableReader& r) {
    r.String("ticks", config.ticks);
    r.String("format", config.format);
    r.Choice("on_bad_tick", config.on_bad_tick, {"fail", "skip"});
    if (const toml::node* speed = r.Take("speed")) {
      if (speed->is_string() && *speed->value<std::string>() == "max") {
        config.speed = 0;
      } else if (speed->is_number() && *speed->value<double>() > 0 && *speed->value<double>() <= 1e6) {
        config.speed = *speed->value<double>();
      } else {
        r.Fail("speed", "expected \"max\" or a factor in (0, 1e6]");
      }
    }
    r.Number("rate", config.rate, 0, 1e9);
    r.Number("memory_budget_mb", config.memory_budget_mb, 0.01, 1 << 20);
    std::string on_full = pipeline::OnFullName(config.on_full);
    r.Choice("on_full", on_full, {"block", "drop"});
    config.on_full = *pipeline::ParseOnFull(on_full);
  });
  Section(root, "threads", [&](TableReader& r) {
    std::string topology = pipeline::TopologyName(config.topology);
    r.Choice("topology", topology, {"auto", "threaded", "compact"});
    config.topology = *pipeline::ParseTopology(topology);
    std::string gateway = pipeline::GatewayModeName(config.gateway);
    r.Choice("gateway", gateway, {"auto", "thread", "inline"});
    config.gateway = *pipeline::ParseGatewayMode(gateway);
    r.Integer("feed_threads", config.feed_threads, 0, 256);
    r.Integer("engine_threads", config.engine_threads, 1, 64);
    std::string wait = pipeline::WaitStrategyName(config.wait);
    r.Choice("wait", wait, {"spin", "yield", "block", "auto"});
    config.wait = *pipeline::ParseWaitStrategy(wait);
    if (const toml::node* node = r.Take("pin_cpus")) {
      const toml::array* cpus = node->as_array();
      if (cpus == nullptr) r.Fail("pin_cpus", "expected an array of CPU numbers");
      config.pin_cpus.clear();
      for (const toml::node& cpu : *cpus) {
        if (!cpu.is_integer() || *cpu.value<int64_t>() < 0 || *cpu.value<int64_t>() > 4095) {
          r.Fail("pin_cpus", "expected CPU numbers between 0 and 4095");
        }
        config.pin_cpus.push_back(static_cast<int>(*cpu.value<int64_t>()));
      }
    }
  });
  Section(root, "queues", [&](TableReader& r) {
    r.Integer("feed_capacity", config.feed_queue_capacity, 2, 1 << 24);
    r.Integer("order_capacity", config.order_queue_capacity, 2, 1 << 24);
  });
  Section(root, "engine", [&](TableReader& r) {
    r.Choice("profile", config.profile, {"naive", "pooled"});
    r.Integer("order_latency_ns", config.order_latency_ns, 0, 60'000'000'000);
  });
  Section(root, "risk", [&](TableReader& r) {
    r.Number("max_position", config.max_position, 0, 1e9);
    r.Number("max_order_rate", config.max_order_rate, 0, 1e9);
    r.Number("max_notional", config.max_notional, 0, 1e15);
  });
  if (const toml::table* strategy = root.Table("strategy")) {
    ReadStrategy(root, "strategy", *strategy, config.strategy);
  }
  if (const toml::table* symbols = root.Table("symbols")) {
    TableReader symbols_reader(path, "symbols", *symbols);
    for (const auto& [name, node] : *symbols) {
      std::string symbol(name.str());
      const toml::table* symbol_table = symbols_reader.Table(symbol);
      TableReader symbol_reader(path, "symbols." + symbol, *symbol_table);
      if (const toml::table* strategy = symbol_reader.Table("strategy")) {
        StrategyChoice choice{config.strategy.name, {}};
        ReadStrategy(symbol_reader, "strategy", *strategy, choice);
        config.symbol_strategies[symbol] = choice;
      }
      symbol_reader.RejectUnknown();
    }
  }
  if (const toml::table* alloc_table = root.Table("alloc")) {
    TableReader alloc_reader(path, "alloc", *alloc_table);
    if (const toml::table* components = alloc_reader.Table("components")) {
      TableReader r(path, "alloc.components", *components);
      for (const auto& [name, node] : *components) {
        const std::string component(name.str());
        const std::string problem = ComponentResourceProblem(component);
        if (!problem.empty()) r.Fail(component, problem);
        std::string spec;
        r.String(component, spec);
        config.alloc_components.emplace_back(component, spec);
      }
      r.RejectUnknown();
    }
    if (const toml::table* adaptive = alloc_reader.Table("adaptive")) {
      TableReader r(path, "alloc.adaptive", *adaptive);
      alloc::AdaptiveOptions& a = config.alloc_adaptive;
      r.Number("enter_burst_load", a.enter_burst_load, 0, 1e12);
      r.Number("leave_burst_load", a.leave_burst_load, 0, 1e12);
      int64_t calm_after_ms = a.calm_after_ns / 1'000'000, decay_ms = a.decay_ns / 1'000'000;
      int64_t region_mib = static_cast<int64_t>(a.region_bytes >> 20), slab_kib = static_cast<int64_t>(a.slab_bytes >> 10);
      int64_t retain_mib = static_cast<int64_t>(a.retain_bytes >> 20), max_block = static_cast<int64_t>(a.max_block_bytes);
      r.Integer("calm_after_ms", calm_after_ms, 0, 3'600'000);
      r.Integer("decay_ms", decay_ms, 0, 3'600'000);
      r.Integer("region_mib", region_mib, 1, 1 << 16);
      r.Integer("slab_kib", slab_kib, 4, 1 << 16);
      r.Integer("retain_mib", retain_mib, 0, 1 << 16);
      r.Integer("max_block_bytes", max_block, 8, 1 << 26);
      a.calm_after_ns = calm_after_ms * 1'000'000;
      a.decay_ns = decay_ms * 1'000'000;
      a.region_bytes = static_cast<size_t>(region_mib) << 20;
      a.slab_bytes = static_cast<size_t>(slab_kib) << 10;
      a.retain_bytes = static_cast<size_t>(retain_mib) << 20;
      a.max_block_bytes = static_cast<size_t>(max_block);
      r.String("calm", config.alloc_adaptive_calm);
      if (!(a.leave_burst_load < a.enter_burst_load)) {
        r.Fail("leave_burst_load", "must be below enter_burst_load");
      }
      r.RejectUnknown();
    }
    alloc_reader.RejectUnknown();
  }
  Section(root, "histogram", [&](TableReader& r) {
    r.Integer("highest_ns", config.histogram_highest_ns, 1000, 3'600'000'000'000);
    r.Integer("significant_figures", config.significant_figures, 1, 5);
    r.Integer("time_every", config.time_every, 1, 1'000'000);
  });
  Section(root, "output", [&](TableReader& r) {
    r.String("report_json", config.report_json);
    r.String("hgrm_dir", config.hgrm_dir);
    r.String("order_log", config.order_log);
    r.String("bbo_out", config.bbo_out);
    r.String("hlog", config.hlog);
    r.String("alloc_profile", config.alloc_profile);
    r.Number("hlog_interval_s", config.hlog_interval_s, 0.001, 3600);
    r.Bool("progress", config.progress);
    r.Number("memory_sample_interval_s", config.memory_sample_interval_s, 0.001, 3600);
    r.Number("rss_growth_warn_pct", config.rss_growth_warn_pct, 0, 1e6);
    r.Number("fragmentation_warn_pct", config.fragmentation_warn_pct, 0, 100);
  });
  root.RejectUnknown();
  ValidateConfig(config);
  return config;
}

std::string ComponentResourceProblem(const std::string& component) {
  // Naming a component that takes no resource would be a setting nothing reads.
  const std::optional<alloc::Component> parsed = alloc::ParseComponent(component);
  if (parsed && alloc::TakesResource(*parsed)) return "";
  return parsed ? "this component takes no resource (book, exchange, strategy, risk do)"
                : "not a component (book, exchange, strategy, risk)";
}

std::string Origin(const Config& config, const std::string& key) {
  auto flag = config.from_flag.find(key);
  return flag != config.from_flag.end() ? flag->second : config.source + ": " + key;
}

void ValidateConfig(const Config& config) {
  if (config.speed > 0 && config.rate > 0) {
    throw feed::InputError(Origin(config, "replay.speed") + " and " + Origin(config, "replay.rate"),
                           "set either a speed factor or a fixed rate, not both");
  }
  if (config.topology == Topology::kCompact && config.feed_threads > 1) {
    throw feed::InputError(Origin(config, "threads.topology") + " and " + Origin(config, "threads.feed_threads"),
                           "the compact topology has one feed thread");
  }
  if (config.topology == Topology::kCompact && config.gateway == GatewayMode::kThread) {
    throw feed::InputError(Origin(config, "threads.topology") + " and " + Origin(config, "threads.gateway"),
                           "the compact topology sends orders from the engine threads (gateway = inline)");
  }
}

pipeline::PipelineOptions ToPipelineOptions(const Config& config) {
  pipeline::PipelineOptions options;
  if (!engine::ParseAllocationProfile(config.profile, &options.profile)) {
    throw feed::InputError(Origin(config, "engine.profile"), "unknown profile '" + config.profile + "'");
  }
  options.engine.profile = options.profile;
  options.engine.order_latency_ns = config.order_latency_ns;
  options.engine.risk.max_position = static_cast<feed::Quantity>(config.max_position * feed::kFixedPointScale);
  options.engine.risk.max_orders_per_second = static_cast<uint32_t>(config.max_order_rate);
  options.engine.risk.max_notional = static_cast<feed::Price>(config.max_notional * feed::kFixedPointScale);
  options.speed = config.speed;
  options.rate = config.rate;
  options.on_full = config.on_full;
  options.topology = config.topology;
  options.gateway = config.gateway;
  options.feed_threads = config.feed_threads;
  options.engine_threads = config.engine_threads;
  options.wait = config.wait;
  options.pin_cpus = config.pin_cpus;
  options.feed_queue_capacity = static_cast<size_t>(config.feed_queue_capacity);
  options.order_queue_capacity = static_cast<size_t>(config.order_queue_capacity);
  options.histogram_highest_ns = config.histogram_highest_ns;
  options.significant_figures = config.significant_figures;
  options.time_every = static_cast<uint32_t>(config.time_every);
  options.order_log = config.order_log;
  options.hlog_path = config.hlog;
  options.hlog_interval_s = config.hlog_interval_s;
  options.memory_sample_interval_s = config.memory_sample_interval_s;
  options.progress = config.progress;
  return options;
}

}  // namespace hftbot::bot
