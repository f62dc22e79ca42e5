#include "infer/profile_report.h"

#include <cassert>

#include "core/text_format.h"

namespace tv::infer {
namespace {

std::string PaddedTo(const std::string& text, size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

constexpr size_t kLabelWidth = 26;
constexpr size_t kCellWidth = 24;

// One phase's block: prefill in ms per pass and GFLOP/s, decode in us per
// token and GB/s of B.
std::string PhaseBlock(Phase phase, std::span<const std::string> engines,
                       std::span<const ProductProfile> profiles) {
  const bool prefill = phase == Phase::kPrefill;
  const int64_t passes = profiles[0].forwards(phase);
  if (passes == 0) return "";
  std::string out = PaddedTo(prefill ? "prefill, per pass" : "decode, per token", kLabelWidth);
  for (const std::string& e : engines) out += PaddedTo(e, kCellWidth);
  out += '\n';
  out += PaddedTo(Format("%-15s%11s", "product", prefill ? "calls/pass" : "calls/token"), kLabelWidth);
  for (size_t i = 0; i < engines.size(); ++i)
    out += PaddedTo(prefill ? "      ms  GFLOP/s" : "      us   GB/s B", kCellWidth);
  out += "\n";
  const double unit = prefill ? 1e3 : 1e6;
  for (ProductRole role : kProductRolesInPassOrder) {
    const int64_t calls = profiles[0].product(phase, role).calls;
    if (calls == 0) continue;
    out += PaddedTo(Format("%-18s %7.0f", ProductRoleName(role),
                           static_cast<double>(calls) / static_cast<double>(passes)),
                    kLabelWidth);
    for (const ProductProfile& p : profiles) {
      const ProductTotals& t = p.product(phase, role);
      const double per_pass = p.forwards(phase) > 0 ? t.seconds / static_cast<double>(p.forwards(phase)) : 0;
      const double rate = t.seconds > 0 ? (prefill ? t.flops : t.b_bytes) / t.seconds / 1e9 : 0;
      out += PaddedTo(Format(prefill ? "%8.2f %8.1f" : "%8.1f %8.1f", per_pass * unit, rate), kCellWidth);
    }
    out += "\n";
  }
  for (const bool outside : {true, false}) {
    out += PaddedTo(outside ? "outside the products" : "forward pass", kLabelWidth);
    for (const ProductProfile& p : profiles) {
      const double s = outside ? p.OutsideProductsSeconds(phase) : p.forward_seconds(phase);
      const double per_pass = p.forwards(phase) > 0 ? s / static_cast<double>(p.forwards(phase)) : 0;
      out += PaddedTo(Format(prefill ? "%8.2f" : "%8.1f", per_pass * unit), kCellWidth);
    }
    out += "\n";
  }
  return out;
}

}  // namespace

std::string ProfileTable(std::span<const std::string> engines, std::span<const ProductProfile> profiles) {
  assert(!engines.empty() && engines.size() == profiles.size());
  std::string out =
      "where the time goes: one more run per engine after the timed ones, each product and each forward pass "
      "timed by the steady clock (outside the products: the embedding lookup, norms, biases, rotary "
      "embeddings, softmax, SwiGLU, the KV cache copy)\n";
  out += PhaseBlock(Phase::kPrefill, engines, profiles);
  const std::string decode = PhaseBlock(Phase::kDecode, engines, profiles);
  if (!decode.empty()) {
    out += '\n';
    out += decode;
  }
  return out;
}

nlohmann::json ProfileJson(const ProductProfile& profile) {
  nlohmann::json json = nlohmann::json::object();
  for (const Phase phase : {Phase::kPrefill, Phase::kDecode}) {
    nlohmann::json products = nlohmann::json::object();
    for (ProductRole role : kProductRolesInPassOrder) {
      const ProductTotals& t = profile.product(phase, role);
      products[ProductRoleName(role)] = {
          {"calls", t.calls}, {"seconds", t.seconds}, {"flops", t.flops}, {"b_bytes", t.b_bytes}};
    }
    json[phase == Phase::kPrefill ? "prefill" : "decode"] = {
        {"forwards", profile.forwards(phase)},
        {"forward_s", profile.forward_seconds(phase)},
        {"outside_products_s", profile.OutsideProductsSeconds(phase)},
        {"products", products}};
  }
  return json;
}

}  // namespace tv::infer
