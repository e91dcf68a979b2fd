#include "alloc/stack_symbolizer.h"

#include <cxxabi.h>
#include <dlfcn.h>
#include <elf.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

namespace hftbot::alloc {
namespace {

std::string Demangle(const char* name) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> out(abi::__cxa_demangle(name, nullptr, nullptr, &status), std::free);
  return status == 0 && out ? out.get() : name;
}

std::string Hex(uintptr_t value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "0x%lx", static_cast<unsigned long>(value));
  return buffer;
}

// ET_EXEC objects are linked at their final addresses; everything else (PIE, .so) is
// relative to its load base.
bool IsPositionDependent(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  Elf64_Ehdr header{};
  return file.read(reinterpret_cast<char*>(&header), sizeof(header)) && header.e_type == ET_EXEC;
}

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::map<uintptr_t, std::string> Symbolize(const std::vector<uintptr_t>& addresses) {
  std::map<uintptr_t, std::string> names;
  struct Object {
    uintptr_t base = 0;
    std::vector<uintptr_t> addresses;
  };
  std::map<std::string, Object> by_object;
  for (uintptr_t address : addresses) {
    if (names.count(address) != 0) continue;
    // A return address points after the call; one byte back is inside it.
    Dl_info info{};
    if (dladdr(reinterpret_cast<void*>(address - 1), &info) == 0 || info.dli_fname == nullptr) {
      names[address] = Hex(address);
      continue;
    }
    names[address] = info.dli_sname != nullptr ? Demangle(info.dli_sname)
                                               : std::string(info.dli_fname) + "+" +
                                                     Hex(address - reinterpret_cast<uintptr_t>(info.dli_fbase));
    Object& object = by_object[info.dli_fname];
    object.base = reinterpret_cast<uintptr_t>(info.dli_fbase);
    object.addresses.push_back(address);
  }
  for (const auto& [path, object] : by_object) {
    const bool absolute = IsPositionDependent(path);
    std::string command = "addr2line -f -C -e " + ShellQuote(path);
    for (uintptr_t address : object.addresses) command += " " + Hex((absolute ? address : address - object.base) - 1);
    command += " 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) continue;
    char line[4096];
    for (uintptr_t address : object.addresses) {
      if (std::fgets(line, sizeof(line), pipe) == nullptr) break;
      std::string function(line);
      while (!function.empty() && (function.back() == '\n' || function.back() == '\r')) function.pop_back();
      if (std::fgets(line, sizeof(line), pipe) == nullptr) break;  // file:line, unused
      if (!function.empty() && function != "??") names[address] = function;
    }
    pclose(pipe);
  }
  return names;
}

}  // namespace hftbot::alloc
