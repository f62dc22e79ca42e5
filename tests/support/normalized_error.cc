#include "normalized_error.h"

#include <cfloat>
#include <cmath>
#include <limits>
#include <sstream>

namespace tv::test {

ErrorReport NormalizedError(const gemm::SgemmArgs& args, const ReferenceGemm& ref) {
  ErrorReport report;
  for (int64_t i = 0; i < args.m; ++i) {
    for (int64_t j = 0; j < args.n; ++j) {
      const size_t idx = static_cast<size_t>(i * args.n + j);
      const double got = CAt(args, i, j);
      const double want = ref.value[idx];
      const double scale = ref.scale[idx];
      double error;
      if (!std::isfinite(got)) {
        error = std::numeric_limits<double>::infinity();
      } else if (scale == 0.0) {
        error = got == want ? 0.0 : std::numeric_limits<double>::infinity();
      } else {
        error = std::fabs(got - want) / scale;
      }
      if (error > report.max_error || report.i < 0) {
        report = {error, i, j, got, want, scale};
      }
    }
  }
  return report;
}

double ErrorBound(int64_t k) { return static_cast<double>(k + 4) * FLT_EPSILON; }

std::string ErrorReport::ToString() const {
  std::ostringstream out;
  out.precision(9);
  if (i < 0) return "no elements";
  out << "worst element C(" << i << ", " << j << "): got " << got << ", want " << want << ", scale " << scale
      << ", normalized error " << max_error;
  return out.str();
}

}  // namespace tv::test
