// Base64 (RFC 4648, standard alphabet, '=' padding): the text form of the compressed
// histograms in an .hlog interval log, as java.util.Base64 writes and reads them.
//
// Written here rather than taken from a library: Debian's candidates are libb64
// (unmaintained, no validation) and Boost's, which is an implementation detail of
// Beast; the decoder must refuse malformed input with a reason, which neither does.
//
// Thread safety: free functions, no state.

#ifndef HFTBOT_METRICS_BASE64_H_
#define HFTBOT_METRICS_BASE64_H_

#include <string>
#include <string_view>

namespace hftbot::metrics {

// Encodes bytes with padding, no line breaks.
std::string Base64Encode(std::string_view bytes);

// Decodes text into *bytes. Padding may be omitted; whitespace and any character
// outside the alphabet are refused. Returns false, with the reason in *error
// ("invalid character 'x' at offset 12"), on malformed input; *bytes is then
// unspecified. REQUIRES: bytes != nullptr, error != nullptr.
[[nodiscard]] bool Base64Decode(std::string_view text, std::string* bytes, std::string* error);

}  // namespace hftbot::metrics

#endif  // HFTBOT_METRICS_BASE64_H_
