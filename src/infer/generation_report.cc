#include "infer/generation_report.h"

#include <cstdio>

#include "bench/statistics.h"

namespace tv::infer {
namespace {

std::string Format(const char* format, double a, double b = 0, double c = 0) {
  char buffer[128];
  std::snprintf(buffer, sizeof buffer, format, a, b, c);
  return buffer;
}

}  // namespace

std::vector<EngineRow> SummarizeTimings(const std::vector<EngineTimings>& timings,
                                        const ReportContext& context) {
  std::vector<EngineRow> rows;
  for (const EngineTimings& t : timings) {
    EngineRow row;
    row.engine = t.engine;
    const bench::Summary prefill = bench::Summarize(t.prefill_s);
    const bench::Summary decode = bench::Summarize(t.decode_s);
    row.prefill_s = prefill.median;
    row.prefill_spread = prefill.relative_spread;
    row.decode_s = decode.median;
    row.decode_spread = decode.relative_spread;
    row.prefill_tokens_per_s =
        prefill.median > 0 ? static_cast<double>(context.prompt_tokens) / prefill.median : 0;
    row.decode_tokens_per_s = decode.median > 0 ? static_cast<double>(context.new_tokens) / decode.median : 0;
    if (context.dram_read_gbs > 0 && context.weight_bytes_per_token > 0) {
      const double limit = context.dram_read_gbs * 1e9 / static_cast<double>(context.weight_bytes_per_token);
      row.bandwidth_fraction = row.decode_tokens_per_s / limit;
    }
    const std::vector<int32_t>& first = timings.front().tokens;
    row.tokens = static_cast<int64_t>(t.tokens.size());
    while (row.tokens_agree < row.tokens && static_cast<size_t>(row.tokens_agree) < first.size() &&
           first[static_cast<size_t>(row.tokens_agree)] == t.tokens[static_cast<size_t>(row.tokens_agree)])
      ++row.tokens_agree;
    rows.push_back(row);
  }
  return rows;
}

std::string GenerationTable(const std::vector<EngineRow>& rows, const ReportContext& context) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "%-22s %18s %12s %18s %12s %9s %10s\n", "engine", "prefill ms (+-MAD)",
                "prefill t/s", "decode ms (+-MAD)", "decode t/s", "of DRAM", "same ids");
  out += line;
  for (const EngineRow& r : rows) {
    const std::string prefill = Format("%.1f +-%.1f%%", r.prefill_s * 1e3, r.prefill_spread * 100);
    const std::string decode = Format("%.1f +-%.1f%%", r.decode_s * 1e3, r.decode_spread * 100);
    const std::string fraction =
        r.bandwidth_fraction > 0 ? Format("%.0f%%", r.bandwidth_fraction * 100) : "-";
    const std::string agree = std::to_string(r.tokens_agree) + "/" + std::to_string(r.tokens);
    std::snprintf(line, sizeof line, "%-22s %18s %12.1f %18s %12.2f %9s %10s\n", r.engine.c_str(),
                  prefill.c_str(), r.prefill_tokens_per_s, decode.c_str(), r.decode_tokens_per_s,
                  fraction.c_str(), agree.c_str());
    out += line;
  }
  if (context.dram_read_gbs > 0 && context.weight_bytes_per_token > 0) {
    std::snprintf(line, sizeof line, "DRAM limit: %.1f MB of weights per token / %.1f GB/s = %.2f tokens/s\n",
                  static_cast<double>(context.weight_bytes_per_token) / 1e6, context.dram_read_gbs,
                  context.dram_read_gbs * 1e9 / static_cast<double>(context.weight_bytes_per_token));
    out += line;
  }
  return out;
}

nlohmann::json EngineRowJson(const EngineRow& row, const EngineTimings& timings,
                             const ReportContext& context) {
  return {{"engine", row.engine},
          {"prompt_tokens", context.prompt_tokens},
          {"new_tokens", context.new_tokens},
          {"prefill_s_median", row.prefill_s},
          {"prefill_relative_mad", row.prefill_spread},
          {"prefill_tokens_per_s", row.prefill_tokens_per_s},
          {"decode_s_median", row.decode_s},
          {"decode_relative_mad", row.decode_spread},
          {"decode_tokens_per_s", row.decode_tokens_per_s},
          {"decode_dram_fraction", row.bandwidth_fraction},
          {"weight_bytes_per_token", context.weight_bytes_per_token},
          {"dram_read_gbs", context.dram_read_gbs},
          {"prefill_s_samples", timings.prefill_s},
          {"decode_s_samples", timings.decode_s},
          {"tokens", timings.tokens},
          {"tokens_agree_with_first_engine", row.tokens_agree}};
}

}  // namespace tv::infer
