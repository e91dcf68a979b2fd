// The answer of an ownership query ("did this allocator serve that block?").
//
// Thread safety: a value type.

#ifndef HFTBOT_ALLOC_OWNERSHIP_H_
#define HFTBOT_ALLOC_OWNERSHIP_H_

namespace hftbot::alloc {

enum class Ownership {
  kOwned,     // the backend's own query says it served the block
  kNotOwned,  // it says it did not
  kUnknown,   // the backend has no query that can tell (glibc), or lost track
};

inline const char* OwnershipName(Ownership ownership) {
  switch (ownership) {
    case Ownership::kOwned:
      return "owned";
    case Ownership::kNotOwned:
      return "not owned";
    case Ownership::kUnknown:
      break;
  }
  return "unknown";
}

}  // namespace hftbot::alloc

#endif  // HFTBOT_ALLOC_OWNERSHIP_H_
