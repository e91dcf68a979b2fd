// hftbot: replays recorded ticks through a simulated trading pipeline and reports
// latency and allocator behaviour. Start-up errors are caught here, once.

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "bot/allocator_report.h"

int main(int argc, char** argv) {
  CLI::App app{"hftbot: a simulated HFT bot and allocator laboratory"};
  bool alloc_info = false;
  app.add_flag("--alloc-info", alloc_info,
               "print the allocator block (name, version, proof it is active, options, "
               "memory statistics) and exit; exit status 1 if the allocator is not active");
  CLI11_PARSE(app, argc, argv);

  hftbot::bot::AllocatorSnapshot snapshot = hftbot::bot::TakeAllocatorSnapshot();
  if (alloc_info) {
    hftbot::bot::WriteAllocatorBlock(std::cout, snapshot);
    return snapshot.active.active ? 0 : 1;
  }
  if (!snapshot.active.active) {
    spdlog::error("allocator {} is not serving malloc; run with --alloc-info for the evidence",
                  snapshot.info.name);
    return 1;
  }
  hftbot::bot::WriteAllocatorBlock(std::cout, snapshot);
  return 0;
}
