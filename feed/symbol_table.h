// SymbolTable: interns symbol names into dense SymbolIds (0..n-1, first-seen order).
//
// Every stage after the loader indexes per-symbol state by SymbolId, so ids must be
// dense and stable for one replay; they are the order in which the tick file first
// names each symbol (for the binary format, the order of its symbol table).
//
// Thread-safety: not thread-safe. Built by one thread while loading; read-only (and
// then safe to share) once loading is done.

#ifndef HFTBOT_FEED_SYMBOL_TABLE_H_
#define HFTBOT_FEED_SYMBOL_TABLE_H_

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "feed/event.h"

namespace hftbot::feed {

class SymbolTable {
 public:
  // Returns the id of `name`, adding it with the next id when it is new.
  SymbolId Intern(std::string_view name);

  std::optional<SymbolId> Find(std::string_view name) const;

  // REQUIRES: id < size().
  const std::string& Name(SymbolId id) const { return names_[id]; }

  size_t size() const { return names_.size(); }
  bool empty() const { return names_.empty(); }
  const std::vector<std::string>& names() const { return names_; }

 private:
  // Transparent hashing lets Intern/Find look up a string_view without building a
  // std::string, which matters when every CSV line names its symbol.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  std::vector<std::string> names_;
  std::unordered_map<std::string, SymbolId, Hash, std::equal_to<>> ids_;
};

}  // namespace hftbot::feed

#endif  // HFTBOT_FEED_SYMBOL_TABLE_H_
