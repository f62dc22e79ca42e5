// The messages between rank 0 (the controller) and the evaluator ranks of an
// MPI evolution, and their encoding: one JSON object per MPI message, the MPI
// tag saying which message it is. Doubles round-trip exactly (nlohmann::json
// prints 17 significant digits). Pure: no MPI here, so it is tested alone.
//
//   controller -> evaluator   kSetup (once), kJob, kHeartbeat, kStop
//   evaluator  -> controller  kHello (after kSetup: its device, or why it could
//                             not build its evaluator), kResult, kHeartbeat
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/status.h"
#include "evolve/run/evaluation_pool.h"

namespace tv::distributed {

enum class MessageTag : int {
  kSetup = 11,
  kHello = 12,
  kJob = 13,
  kResult = 14,
  kHeartbeat = 15,
  kStop = 16,
};

// What an evaluator needs to build its evaluator: no shared config file.
struct SetupMessage {
  std::string config_text;  // the run's YAML (ParseEvolveConfig); empty: the defaults
  std::string evaluator;    // the external evaluator executable (absolute path); empty: built-in
  double heartbeat_s = 1;   // how often each side says it is alive
  double silence_s = 30;    // an evaluator stops when the controller is silent this long
};

// An evaluator's answer to kSetup: its device, or the error that stopped it.
struct HelloMessage {
  std::string error;  // non-empty: the evaluator could not be built (the message says why)
  std::string host;   // hostname
  int64_t pid = 0;
  std::string fingerprint;  // tv_device_info.fingerprint
  std::string cpu_model;
  int threads = 0;          // GEMM threads its evaluator uses (resolved, never 0)
  std::string description;  // ProgramEvaluator::description()
  std::string cache_dir;    // where its caches live
};

struct JobMessage {
  int64_t ticket = 0;
  std::string code;
  bool rescore = false;
  std::string promoted_metrics;                 // rescore: this device class's part of EvaluationJob's
  std::optional<evolve::ParentSummary> parent;  // already this device class's part of the parent
};

struct ResultMessage {
  int64_t ticket = 0;
  std::string error;  // non-empty: the evaluator itself failed (a non-ok Status); score is unset
  evolve::ProgramScore score;
};

std::string Encode(const SetupMessage& m);
std::string Encode(const HelloMessage& m);
std::string Encode(const JobMessage& m);
std::string Encode(const ResultMessage& m);

// InvalidArgument naming the message kind when `text` is not such a message.
Result<SetupMessage> DecodeSetup(const std::string& text);
Result<HelloMessage> DecodeHello(const std::string& text);
Result<JobMessage> DecodeJob(const std::string& text);
Result<ResultMessage> DecodeResult(const std::string& text);

}  // namespace tv::distributed
