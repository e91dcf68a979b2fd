#include "engine/allocation_profile.h"

namespace hftbot::engine {

std::string_view AllocationProfileName(AllocationProfile profile) {
  switch (profile) {
    case AllocationProfile::kNaive:
      return "naive";
    case AllocationProfile::kPooled:
      return "pooled";
  }
  return "unknown";
}

bool ParseAllocationProfile(std::string_view name, AllocationProfile* profile) {
  if (name == "naive") {
    *profile = AllocationProfile::kNaive;
    return true;
  }
  if (name == "pooled") {
    *profile = AllocationProfile::kPooled;
    return true;
  }
  return false;
}

}  // namespace hftbot::engine
