// The public API (include/tilevolve/tilevolve.h): thin wrappers over Runtime.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "device/device.h"
#include "integrate/call_checks.h"
#include "integrate/runtime.h"
#include "tilevolve/tilevolve.h"

namespace tv {
namespace {

int RunChecked(const integrate::SgemmCall& call, std::string* error) {
  integrate::Runtime& runtime = integrate::Runtime::Get();
  std::string message;
  if (const int position = integrate::CheckSgemmCall(call, &message); position != 0) {
    runtime.CountRejected();
    if (error != nullptr) *error = "tv::sgemm: " + message;
    return position;
  }
  runtime.Run(integrate::ToSgemmArgs(call));
  return 0;
}

// Copies `text` into a fixed C buffer, truncating.
template <size_t N>
void CopyText(char (&out)[N], const std::string& text) {
  const size_t len = std::min(text.size(), N - 1);
  std::memcpy(out, text.data(), len);
  out[len] = '\0';
}

}  // namespace

int sgemm(Layout layout, Transpose trans_a, Transpose trans_b, int64_t m, int64_t n, int64_t k, float alpha,
          const float* a, int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc,
          std::string* error) {
  const integrate::SgemmCall call{static_cast<int>(layout),
                                  static_cast<int>(trans_a),
                                  static_cast<int>(trans_b),
                                  m,
                                  n,
                                  k,
                                  alpha,
                                  a,
                                  lda,
                                  b,
                                  ldb,
                                  beta,
                                  c,
                                  ldc};
  return RunChecked(call, error);
}

bool enable_optimizations(const std::string& path) { return integrate::Runtime::Get().Enable(path); }

void disable_optimizations() { integrate::Runtime::Get().Disable(); }

OptimizationInfo optimization_info() { return integrate::Runtime::Get().Info(); }

std::string format_optimization_info(const OptimizationInfo& info) {
  std::ostringstream out;
  out << "tilevolve optimizations: " << (info.enabled ? "enabled" : "disabled") << "\n";
  if (info.enabled) {
    out << "  program: " << info.program_path << " (hash " << info.program_hash << ")\n";
    out << "  object:  " << info.object_path << "\n";
    if (!info.fallback_table.empty()) {
      out << "  fallback table: " << info.fallback_table << " (" << info.fallback_shapes
          << " shapes run the baseline's tiles)\n";
    }
    if (!info.fallback_note.empty()) out << "  " << info.fallback_note << "\n";
  }
  if (!info.refusal.empty()) out << "  last enable refused: " << info.refusal << "\n";
  out << "  device: " << info.device.cpu_model << ", " << info.device.physical_cores << " cores, " << info.isa
      << " kernels, " << info.threads << " threads per call\n";
  const OptimizationCounts& c = info.counts;
  out << "  calls: " << c.calls << " (evolved tiles " << c.evolved << ", default tiles " << c.default_tiles
      << "; fell back: small problem " << c.small << ", unsupported " << c.unsupported << ", invalid tiles "
      << c.invalid_tiles << ", fallback table " << c.table << "); rejected arguments " << c.rejected << "\n";
  return out.str();
}

}  // namespace tv

extern "C" {

int tv_sgemm(int layout, int trans_a, int trans_b, int64_t m, int64_t n, int64_t k, float alpha,
             const float* a, int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
  const tv::integrate::SgemmCall call{layout, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc};
  return tv::RunChecked(call, nullptr);
}

int tv_enable_optimizations(const char* path) {
  return tv::enable_optimizations(path == nullptr ? std::string() : std::string(path)) ? 1 : 0;
}

void tv_disable_optimizations(void) { tv::disable_optimizations(); }

void tv_get_optimization_info(tv_optimization_info* out) {
  const tv::OptimizationInfo info = tv::optimization_info();
  *out = tv_optimization_info{};
  out->enabled = info.enabled ? 1 : 0;
  tv::CopyText(out->program_path, info.program_path);
  tv::CopyText(out->program_hash, info.program_hash);
  tv::CopyText(out->refusal, info.refusal);
  out->fallback_shapes = info.fallback_shapes;
  out->device = info.device;
  out->threads = info.threads;
  out->calls = info.counts.calls;
  out->evolved = info.counts.evolved;
  out->default_tiles = info.counts.default_tiles;
  out->small = info.counts.small;
  out->unsupported = info.counts.unsupported;
  out->invalid_tiles = info.counts.invalid_tiles;
  out->table = info.counts.table;
  out->rejected = info.counts.rejected;
}

size_t tv_format_optimization_info(char* buf, size_t size) {
  const std::string text = tv::format_optimization_info(tv::optimization_info());
  if (buf != nullptr && size > 0) {
    const size_t len = std::min(text.size(), size - 1);
    std::memcpy(buf, text.data(), len);
    buf[len] = '\0';
  }
  return text.size();
}

}  // extern "C"
