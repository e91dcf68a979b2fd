#include "feed/input_error.h"

#include <utility>

namespace hftbot::feed {
namespace {

std::string Describe(const std::string& where, const std::string& reason) {
  return where.empty() ? reason : where + ": " + reason;
}

}  // namespace

InputError::InputError(std::string where, std::string reason)
    : std::runtime_error(Describe(where, reason)),
      where_(std::move(where)),
      reason_(std::move(reason)) {}

}  // namespace hftbot::feed
