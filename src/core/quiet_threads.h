// Waiting for the other threads of this process to stop running before a timing.
//
// Peer libraries keep their worker threads spinning after a call returns: the
// OpenMP runtime under oneDNN (libgomp spins ~10 ms by default) and OpenBLAS's
// pthread server (2^28 TSC ticks, ~0.1 s). A contender timed inside that window
// shares the cores with those spinners, which breaks "one timing at a time per
// device" (DESIGN.md): on 2 cores, tilevolve's two-thread GEMM ran 1.35 ms alone
// and 2.27 ms just after a oneDNN call (256x896x896, Zen 5, 2026-11-27).
//
//   if (!WaitForOtherThreadsToSleep(0.5)) ...  // someone kept running
#pragma once

namespace tv {

// Whether a thread of this process other than the caller is running or
// runnable (state R in /proc/self/task/*/stat). false where /proc is missing.
bool OtherThreadsRunning();

// Polls OtherThreadsRunning() every 0.5 ms until it is false or `max_wait_s`
// has passed. Returns true when the others are quiet.
bool WaitForOtherThreadsToSleep(double max_wait_s);

}  // namespace tv
