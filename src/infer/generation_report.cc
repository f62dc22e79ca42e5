#include "infer/generation_report.h"

#include <algorithm>
#include <cstdio>

#include "bench/statistics.h"
#include "core/text_format.h"

namespace tv::infer {
namespace {

// The decode tokens/s that reading a token's weights at `gbs` allows.
// REQUIRES: context.weight_bytes_per_token > 0.
double LimitTokensPerS(double gbs, const ReportContext& context) {
  return gbs * 1e9 / static_cast<double>(context.weight_bytes_per_token);
}

// Decode tokens/s of round r over the limit round r's read sets (its GB/s
// over the bytes a token reads); the median over the rounds.
double PairedReadFraction(const EngineTimings& t, const GenerationTimings& timings,
                          const ReportContext& context) {
  const size_t rounds = std::min(t.decode_s.size(), timings.read_gbs.size());
  if (rounds == 0 || context.weight_bytes_per_token <= 0) return 0;
  std::vector<double> fractions;
  for (size_t r = 0; r < rounds; ++r) {
    if (t.decode_s[r] <= 0 || timings.read_gbs[r] <= 0) return 0;
    const double tokens_per_s = static_cast<double>(context.new_tokens) / t.decode_s[r];
    fractions.push_back(tokens_per_s / LimitTokensPerS(timings.read_gbs[r], context));
  }
  return bench::Summarize(fractions).median;
}

}  // namespace

std::vector<EngineRow> SummarizeTimings(const GenerationTimings& timings, const ReportContext& context) {
  std::vector<EngineRow> rows;
  for (const EngineTimings& t : timings.engines) {
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
      row.bandwidth_fraction = row.decode_tokens_per_s / LimitTokensPerS(context.dram_read_gbs, context);
    }
    row.read_fraction = PairedReadFraction(t, timings, context);
    const std::vector<int32_t>& first = timings.engines.front().tokens;
    row.tokens = static_cast<int64_t>(t.tokens.size());
    while (row.tokens_agree < row.tokens && static_cast<size_t>(row.tokens_agree) < first.size() &&
           first[static_cast<size_t>(row.tokens_agree)] == t.tokens[static_cast<size_t>(row.tokens_agree)])
      ++row.tokens_agree;
    rows.push_back(row);
  }
  return rows;
}

ReadRow SummarizeRead(const GenerationTimings& timings, const ReportContext& context) {
  ReadRow read;
  if (context.weight_bytes_per_token <= 0 || timings.read_gbs.empty()) return read;
  if (std::any_of(timings.read_gbs.begin(), timings.read_gbs.end(), [](double g) { return g <= 0; }))
    return read;
  read.gbs = timings.read_gbs;
  read.median_gbs = bench::Summarize(read.gbs).median;
  read.limit_tokens_per_s = LimitTokensPerS(read.median_gbs, context);
  return read;
}

std::string GenerationTable(const std::vector<EngineRow>& rows, const ReadRow& read,
                            const ReportContext& context) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "%-22s %18s %12s %18s %12s %8s %8s %10s\n", "engine", "prefill ms (+-MAD)",
                "prefill t/s", "decode ms (+-MAD)", "decode t/s", "of read", "of DRAM", "same ids");
  out += line;
  for (const EngineRow& r : rows) {
    const std::string prefill = Format("%.1f +-%.1f%%", r.prefill_s * 1e3, r.prefill_spread * 100);
    const std::string decode = Format("%.1f +-%.1f%%", r.decode_s * 1e3, r.decode_spread * 100);
    const std::string of_read = r.read_fraction > 0 ? Format("%.0f%%", r.read_fraction * 100) : "-";
    const std::string of_dram = r.bandwidth_fraction > 0 ? Format("%.0f%%", r.bandwidth_fraction * 100) : "-";
    const std::string agree = std::to_string(r.tokens_agree) + "/" + std::to_string(r.tokens);
    std::snprintf(line, sizeof line, "%-22s %18s %12.1f %18s %12.2f %8s %8s %10s\n", r.engine.c_str(),
                  prefill.c_str(), r.prefill_tokens_per_s, decode.c_str(), r.decode_tokens_per_s,
                  of_read.c_str(), of_dram.c_str(), agree.c_str());
    out += line;
  }
  const double mb_per_token = static_cast<double>(context.weight_bytes_per_token) / 1e6;
  if (read.median_gbs > 0) {
    const auto [low, high] = std::minmax_element(read.gbs.begin(), read.gbs.end());
    std::snprintf(
        line, sizeof line,
        "of read: %.1f MB of weights per token / %.1f GB/s (%.1f-%.1f), a plain read of those weights in "
        "place timed in the same rounds = %.2f tokens/s; fractions paired by round\n",
        mb_per_token, read.median_gbs, *low, *high, read.limit_tokens_per_s);
    out += line;
  }
  if (context.dram_read_gbs > 0 && context.weight_bytes_per_token > 0) {
    std::snprintf(line, sizeof line,
                  "of DRAM: %.1f MB of weights per token / %.1f GB/s measured at the start = %.2f tokens/s\n",
                  mb_per_token, context.dram_read_gbs, LimitTokensPerS(context.dram_read_gbs, context));
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
          {"decode_read_fraction", row.read_fraction},
          {"weight_bytes_per_token", context.weight_bytes_per_token},
          {"dram_read_gbs", context.dram_read_gbs},
          {"prefill_s_samples", timings.prefill_s},
          {"decode_s_samples", timings.decode_s},
          {"tokens", timings.tokens},
          {"tokens_agree_with_first_engine", row.tokens_agree}};
}

nlohmann::json ReadJson(const ReadRow& read, const ReportContext& context) {
  return {{"bytes_per_token", context.weight_bytes_per_token},
          {"gbs_median", read.median_gbs},
          {"gbs_samples", read.gbs},
          {"limit_tokens_per_s", read.limit_tokens_per_s}};
}

}  // namespace tv::infer
