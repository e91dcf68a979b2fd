// Graceful shutdown on SIGINT/SIGTERM: the first signal asks the replay to stop
// (feeds stop publishing, engines and the gateway drain what is queued, the partial
// report is written, exit status 128 + signal); a second signal exits at once.
//
// Thread safety: the flag is a lock-free atomic, read by feed threads with relaxed
// loads (a late stop by one event is harmless; the count of unpublished events is exact).

#ifndef HFTBOT_PIPELINE_SHUTDOWN_H_
#define HFTBOT_PIPELINE_SHUTDOWN_H_

#include <atomic>

namespace hftbot::pipeline {

// Installs the handlers. Call once from main before starting threads.
void InstallShutdownHandlers();

// The flag the pipeline polls; set by the first SIGINT/SIGTERM.
const std::atomic<bool>& StopRequested();

// The signal that requested the stop (SIGINT, SIGTERM), or 0.
int StopSignal();

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_SHUTDOWN_H_
