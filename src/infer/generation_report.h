// The side-by-side table and the JSON records of `tilevolve generate`.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "infer/generation_timing.h"

namespace tv::infer {

struct ReportContext {
  int64_t prompt_tokens = 0;
  int64_t new_tokens = 0;
  int64_t weight_bytes_per_token = 0;  // what one decoded token reads (WeightBytesPerToken)
  double dram_read_gbs = 0;            // measured at the run's start; 0 = unknown
};

// The read timed beside the decodes (GenerationTimings::read_gbs) and the
// decode tokens/s its median allows.
struct ReadRow {
  std::vector<double> gbs;  // per round
  double median_gbs = 0;
  double limit_tokens_per_s = 0;  // median_gbs over the bytes a token reads
};

// Medians and spreads of one engine, and its ratios to the first engine.
struct EngineRow {
  std::string engine;
  double prefill_s = 0, prefill_spread = 0;  // median seconds, relative MAD
  double decode_s = 0, decode_spread = 0;
  double prefill_tokens_per_s = 0, decode_tokens_per_s = 0;
  double bandwidth_fraction = 0;  // decode tokens/s over the start-of-run DRAM limit; 0 when unknown
  double read_fraction = 0;  // the same over the read's limit, paired by round (median); 0 when not timed
  int64_t tokens_agree = 0;  // leading generated ids equal to the first engine's
  int64_t tokens = 0;
};

std::vector<EngineRow> SummarizeTimings(const GenerationTimings& timings, const ReportContext& context);

// All zero when the read was not timed.
ReadRow SummarizeRead(const GenerationTimings& timings, const ReportContext& context);

// Fixed-width table, one line per engine, plus a header and the limits' lines.
std::string GenerationTable(const std::vector<EngineRow>& rows, const ReadRow& read,
                            const ReportContext& context);

nlohmann::json EngineRowJson(const EngineRow& row, const EngineTimings& timings,
                             const ReportContext& context);
nlohmann::json ReadJson(const ReadRow& read, const ReportContext& context);

}  // namespace tv::infer
