// Which sanitizer runtime, if any, this binary was built with (--config=asan/tsan).
//
// AddressSanitizer and ThreadSanitizer bring their own malloc and operator new, which
// win over the allocator chosen by --//alloc and, in dynamically linked tests, over
// //alloc:allocation_counter's counting operator new. Proofs that the selected
// allocator serves memory, its statistics, and allocation counts cannot hold then;
// tests skip and name the sanitizer, and the normal build proves them.
//
// Thread-safety: a constant.

#ifndef HFTBOT_ALLOC_SANITIZER_H_
#define HFTBOT_ALLOC_SANITIZER_H_

namespace hftbot::alloc {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr const char* kSanitizerOwningMalloc = "AddressSanitizer";
#elif defined(__SANITIZE_THREAD__)
inline constexpr const char* kSanitizerOwningMalloc = "ThreadSanitizer";
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr const char* kSanitizerOwningMalloc = "AddressSanitizer";
#elif __has_feature(thread_sanitizer)
inline constexpr const char* kSanitizerOwningMalloc = "ThreadSanitizer";
#elif __has_feature(memory_sanitizer)
inline constexpr const char* kSanitizerOwningMalloc = "MemorySanitizer";
#else
inline constexpr const char* kSanitizerOwningMalloc = nullptr;
#endif
#else
inline constexpr const char* kSanitizerOwningMalloc = nullptr;
#endif

}  // namespace hftbot::alloc

#endif  // HFTBOT_ALLOC_SANITIZER_H_
