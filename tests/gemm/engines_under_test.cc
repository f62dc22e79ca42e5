#include "engines_under_test.h"

namespace tv::test {

std::vector<gemm::Isa> IsasUnderTest() {
  std::vector<gemm::Isa> isas;
  for (gemm::Isa isa : {gemm::Isa::kReference, gemm::Isa::kAvx2, gemm::Isa::kAvx512}) {
    gemm::CpuGemm probe(1, isa);
    if (probe.isa() == isa) isas.push_back(isa);
  }
  return isas;
}

std::vector<KernelUnderTest> KernelsUnderTest() {
  std::vector<KernelUnderTest> kernels;
  const gemm::GemmShape large = {
      4096, 4096, 4096, gemm::Layout::kRowMajor, gemm::Transpose::kNo, gemm::Transpose::kNo};
  for (gemm::Isa isa : IsasUnderTest()) {
    gemm::CpuGemm probe(1, isa);
    for (const gemm::KernelShape& shape : probe.KernelShapes()) {
      tv_tile_config request = {};
      request.mr = shape.mr;
      request.nr = shape.nr;
      request.path = TV_PATH_BLOCKED;
      kernels.push_back({isa, shape, probe.Legalize(request, large).kc});
    }
  }
  return kernels;
}

}  // namespace tv::test
