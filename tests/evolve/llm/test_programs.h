// Programs and metrics the LLM tests share: a small heuristic with one
// EVOLVE-BLOCK and code outside it, and the evaluator's metrics JSON for it
// (evolve/eval_json.h) with one train and one held-out shape.
#pragma once

#include <string>

#include "evolve/database/program_record.h"

namespace tv::evolve::llm_test {

inline const std::string kParentCode = R"(#include "tilevolve/heuristic.h"

static const int kOutsideConstant = 7;

// EVOLVE-BLOCK-START
extern "C" tv_tile_config choose_tile_size(int M, int N, int K, const tv_device_info* device) {
  tv_tile_config tiles{};
  tiles.mc = 64;
  tiles.nc = 256;
  tiles.kc = 128;
  return tiles;
}
// EVOLVE-BLOCK-END
)";

// The held-out shape's name and figures are distinctive so a test can prove
// that none of them reaches a prompt.
inline const std::string kParentMetrics = R"({
  "combined_score": 1.25,
  "heldout_speedup": 3.7125,
  "oracle_fraction": 0.875,
  "oracle_shapes": 1,
  "outcome": "ok",
  "stage": "done",
  "message": "",
  "program": {"path": "/tmp/p.cpp", "hash": "abc"},
  "shapes": [
    {"name": "train_square", "m": 512, "n": 512, "k": 512, "tag": "train",
     "requested": {"mc": 64, "nc": 256, "kc": 128, "mr": 0, "nr": 0, "threads": 0,
                   "parallel": "auto", "pack_a": "auto", "pack_b": "auto", "path": "auto"},
     "tiles": {"mc": 70, "nc": 256, "kc": 128, "mr": 14, "nr": 32, "threads": 2,
               "parallel": "n", "pack_a": "on", "pack_b": "on", "path": "blocked"},
     "speedup": 1.25, "speedup_spread": 0.01, "gflops": 100.5, "cached": false},
    {"name": "secret_decode", "m": 1, "n": 7919, "k": 6007, "tag": "heldout",
     "requested": {"mc": 9311, "nc": 256, "kc": 128},
     "tiles": {"mc": 9311, "nc": 256, "kc": 128},
     "speedup": 3.7125, "speedup_spread": 0.02, "gflops": 5.5, "cached": true}
  ],
  "artifacts": {"compiler_output": "warning: unused variable 'device'", "program_stderr": "",
                "failed_probe": ""},
  "timing": {"compile_s": 0.5, "probe_s": 0.1, "measure_s": 2.0, "total_s": 2.6}
})";

inline ProgramRecord MakeProgram(int64_t id, const std::string& code, double score) {
  ProgramRecord program;
  program.id = id;
  program.parent_id = id > 1 ? 1 : 0;
  program.generation = id > 1 ? 1 : 0;
  program.code = code;
  program.score = score;
  program.mutation = id > 1 ? "offline:literals" : "initial";
  program.change_summary = id > 1 ? "line 7: 64 -> 96" : "";
  program.outcome = "ok";
  return program;
}

inline ProgramRecord MakeParent() {
  ProgramRecord parent = MakeProgram(1, kParentCode, 1.25);
  parent.metrics_json = kParentMetrics;
  return parent;
}

}  // namespace tv::evolve::llm_test
