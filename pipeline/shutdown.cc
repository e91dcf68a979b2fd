#include "pipeline/shutdown.h"

#include <signal.h>
#include <unistd.h>

namespace hftbot::pipeline {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free,
              "used from a signal handler");

void OnSignal(int signal_number) {
  if (g_stop.exchange(true)) {
    // Second signal: the user wants out now. Only async-signal-safe calls here.
    static const char kMessage[] = "\nhftbot: second signal, exiting at once\n";
    ssize_t ignored = write(STDERR_FILENO, kMessage, sizeof(kMessage) - 1);
    (void)ignored;
    _exit(128 + signal_number);
  }
  g_signal.store(signal_number);
  static const char kMessage[] = "\nhftbot: stopping: draining the queues and writing the partial report "
                                 "(signal again to exit at once)\n";
  ssize_t ignored = write(STDERR_FILENO, kMessage, sizeof(kMessage) - 1);
  (void)ignored;
}

}  // namespace

void InstallShutdownHandlers() {
  struct sigaction action {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

const std::atomic<bool>& StopRequested() { return g_stop; }

int StopSignal() { return g_signal.load(); }

}  // namespace hftbot::pipeline
