// A malloc block and an operator new block that the optimizer cannot elide, so
// that ownership checks look at memory really obtained from the allocator.

#ifndef HFTBOT_ALLOC_FRESH_POINTERS_H_
#define HFTBOT_ALLOC_FRESH_POINTERS_H_

#include <cstdlib>
#include <new>

namespace hftbot::alloc {

class FreshPointers {
 public:
  FreshPointers() {
    from_malloc_ = std::malloc(kSize);
    from_new_ = ::operator new(kSize);
  }
  ~FreshPointers() {
    std::free(from_malloc_);
    ::operator delete(from_new_);
  }
  FreshPointers(const FreshPointers&) = delete;
  FreshPointers& operator=(const FreshPointers&) = delete;

  void* from_malloc() const { return from_malloc_; }
  void* from_new() const { return from_new_; }

 private:
  static constexpr std::size_t kSize = 48;
  // volatile: the compiler may otherwise fold the new/delete pair away.
  void* volatile from_malloc_;
  void* volatile from_new_;
};

}  // namespace hftbot::alloc

#endif  // HFTBOT_ALLOC_FRESH_POINTERS_H_
