// Asking an untrusted heuristic for tiles: the compiled program is loaded only
// inside a sandboxed child, `tilevolve-heuristic-host`, which runs it under a
// system-call filter and prints its answers.
//
// The host (apps/tilevolve-heuristic-host) is given a request directory with
//   device.bin   the tv_device_info to pass, as raw bytes (same build, same layout)
//   shapes.txt   one "M N K" per line
// It dlopens the object, checks tv_heuristic_abi_version, then installs a
// seccomp filter (only memory management, futex, clock, exit and writing to
// stderr or to its private result descriptor are allowed; any other system
// call ends the process with a message naming it), asks for every shape, then
// asks again in reverse order (an answer must not depend on history), and
// prints on stdout:
//   tilevolve-tiles 2
//   M N K mc nc kc mr nr threads parallel pack_a pack_b path warp_m warp_n stages split_k swizzle gpu_kernel
//                                                                 (one line per shape, in order: every
//                                                                  field of tv_tile_config, so a GPU
//                                                                  heuristic's whole answer is read)
//   ...
//   nondeterministic M N K                                        (only where the two answers differ)
//   slowest_call_us U
//   end C                                                         (C: number of shape lines)
// The parser also reads version 1 (header "tilevolve-tiles 1", the 13 numbers up
// to path: hosts from before the CUDA fields); the fields it lacks are 0 (auto).
// Failures before the first answer go to stderr with a fixed prefix and exit
// code kHostExitBadProgram (cannot load, no symbol, wrong ABI version) or
// kHostExitForbiddenCall (the filter caught a system call).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "evolve/sandbox.h"
#include "tilevolve/device_info.h"
#include "tilevolve/tile_config.h"

namespace tv::evolve {

inline constexpr int kHostExitBadProgram = 3;
inline constexpr int kHostExitForbiddenCall = 4;
inline constexpr int kHostExitBadRequest = 5;

// The header of the host's output this build writes.
inline constexpr const char* kHostHeader = "tilevolve-tiles 2";

// Bound of mr and nr (generous: Legalize snaps them to an offered kernel; the
// small-M path's legal widths reach 128, and a legalized config is a valid answer).
inline constexpr int kMaxMicroTile = 256;
// Bounds of the CUDA fields of an answer (generous: Legalize snaps them to the menu).
inline constexpr int kMaxGpuWarpTile = 1024;
inline constexpr int kMaxGpuStages = 64;
inline constexpr int kMaxGpuSplitK = 1024;
inline constexpr int kMaxGpuSwizzle = 31;

struct ProbeShape {
  int m = 0, n = 0, k = 0;
};

// Typed outcome of asking a program for tiles (a subset of the evaluator's outcomes).
enum class ProbeOutcome {
  kOk,
  kBadProgram,     // could not be loaded: missing symbol, wrong ABI version, dlopen error
  kForbiddenCall,  // made a system call a heuristic may not (I/O, network, fork, ...)
  kTimedOut,       // did not answer every shape within the wall-clock limit
  kCpuLimit,
  kCrashed,  // a signal (segfault, abort, ...)
  kMemoryLimit,
  kOutputTooLarge,
  kBadOutput,     // the host's output did not parse (should not happen: an engine bug or tampering)
  kInvalidTiles,  // answered, but an answer is out of range or not deterministic
  kHostFailed,    // the host itself could not start (a tilevolve installation problem)
};

// "ok", "bad_program", "forbidden_syscall", "timed_out", "cpu_limit", "crashed",
// "memory_limit", "output_too_large", "bad_output", "invalid_tiles", "host_failed".
const char* ProbeOutcomeName(ProbeOutcome outcome);

struct ProbeOptions {
  std::string host_path;  // empty: DefaultHostPath()
  std::string temp_root;  // where the request directory is made (removed afterwards); empty: $TMPDIR or /tmp
  SandboxLimits limits;   // defaults set by the constructor: 5 s wall, 5 s CPU, 2 GiB address space, 4 tasks
  double max_call_us = 20000;  // slowest single answer allowed (microseconds)
  ProbeOptions();
};

struct ProbeResult {
  ProbeOutcome outcome = ProbeOutcome::kHostFailed;
  std::string message;                // one or two lines for the user (and an LLM prompt)
  std::vector<tv_tile_config> tiles;  // one per shape, in order, when outcome is kOk
  double slowest_call_us = 0;         // per shape the faster of its two answers; the slowest of those (us)
  std::string stderr_text;            // what the program wrote on stderr (capped): an artifact
  SandboxResult sandbox;              // the raw run
};

// The tilevolve-heuristic-host beside the running executable
// (/proc/self/exe's directory), or $TILEVOLVE_HEURISTIC_HOST when set.
std::string DefaultHostPath();

// Checks one answer: mc, nc, kc in [1, TV_HEURISTIC_MAX_TILE]; mr, nr in [0, kMaxMicroTile];
// threads in [0, 1024]; parallel, pack_a, pack_b, path within their enums; the
// CUDA fields: warp_m, warp_n in [0, kMaxGpuWarpTile], stages in [0, kMaxGpuStages],
// split_k in [0, kMaxGpuSplitK], swizzle in [0, kMaxGpuSwizzle], gpu_kernel within tv_gpu_kernel.
// The message names the field, its value and the allowed range.
Status ValidateAnswer(const tv_tile_config& tiles);

// Asks the program at `object_path` (from CompileProgram) for tiles on `shapes`.
// Never throws; every failure is an outcome with a message. Leaves no files
// and no processes behind.
ProbeResult ProbeHeuristic(const std::string& object_path, const std::vector<ProbeShape>& shapes,
                           const tv_device_info& device, const ProbeOptions& options, SandboxRunner& runner);

// Parses the host's stdout (exposed for tests). Fills tiles, slowest_call_us, and
// lists nondeterministic shapes in `nondeterministic`.
Status ParseHostOutput(const std::string& text, size_t expected_shapes, std::vector<tv_tile_config>* tiles,
                       std::vector<ProbeShape>* nondeterministic, double* slowest_call_us);

}  // namespace tv::evolve
