#include "metrics/base64.h"

#include <array>
#include <cstdint>

namespace hftbot::metrics {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<int8_t, 256> DecodeTable() {
  std::array<int8_t, 256> table{};
  for (auto& entry : table) entry = -1;
  for (int i = 0; i < 64; ++i) table[static_cast<uint8_t>(kAlphabet[i])] = static_cast<int8_t>(i);
  return table;
}

constexpr std::array<int8_t, 256> kDecode = DecodeTable();

std::string Describe(char c) {
  if (c >= 0x21 && c <= 0x7e) return std::string("'") + c + "'";
  static constexpr char kHex[] = "0123456789abcdef";
  const auto byte = static_cast<uint8_t>(c);
  return std::string("byte 0x") + kHex[byte >> 4] + kHex[byte & 0xf];
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string text;
  text.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t group = static_cast<uint32_t>(static_cast<uint8_t>(bytes[i])) << 16 |
                           static_cast<uint32_t>(static_cast<uint8_t>(bytes[i + 1])) << 8 |
                           static_cast<uint8_t>(bytes[i + 2]);
    text += kAlphabet[group >> 18];
    text += kAlphabet[(group >> 12) & 63];
    text += kAlphabet[(group >> 6) & 63];
    text += kAlphabet[group & 63];
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t group = static_cast<uint32_t>(static_cast<uint8_t>(bytes[i])) << 16;
    if (rest == 2) group |= static_cast<uint32_t>(static_cast<uint8_t>(bytes[i + 1])) << 8;
    text += kAlphabet[group >> 18];
    text += kAlphabet[(group >> 12) & 63];
    text += rest == 2 ? kAlphabet[(group >> 6) & 63] : '=';
    text += '=';
  }
  return text;
}

bool Base64Decode(std::string_view text, std::string* bytes, std::string* error) {
  size_t length = text.size();
  size_t padding = 0;
  while (length > 0 && text[length - 1] == '=' && padding < 2) {
    --length;
    ++padding;
  }
  if (padding > 0 && text.size() % 4 != 0) {
    *error = "padded text of " + std::to_string(text.size()) + " characters, not a multiple of 4";
    return false;
  }
  if (length % 4 == 1) {
    *error = "length " + std::to_string(length) + " leaves a lone character (truncated?)";
    return false;
  }
  bytes->clear();
  bytes->reserve(length / 4 * 3 + 2);
  uint32_t group = 0;
  int bits = 0;
  for (size_t i = 0; i < length; ++i) {
    const int8_t sextet = kDecode[static_cast<uint8_t>(text[i])];
    if (sextet < 0) {
      *error = "invalid character " + Describe(text[i]) + " at offset " + std::to_string(i);
      return false;
    }
    group = (group << 6) | static_cast<uint32_t>(sextet);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes->push_back(static_cast<char>((group >> bits) & 0xff));
    }
  }
  // The bits left over must be zero, or the text is not what an encoder writes.
  if ((group & ((1u << bits) - 1)) != 0) {
    *error = "non-zero bits after the last byte (corrupted final character)";
    return false;
  }
  return true;
}

}  // namespace hftbot::metrics
