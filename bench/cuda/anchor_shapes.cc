#include "anchor_shapes.h"

#include <cstdio>
#include <sstream>
#include <string>

namespace tv::bench::cuda {
namespace {

gemm::cuda::CudaSuiteShape Shape(const char* shape_class, int64_t m, int64_t n, int64_t k) {
  return {
      std::string(shape_class) + "." + std::to_string(m) + "x" + std::to_string(n) + "x" + std::to_string(k),
      m, n, k};
}

}  // namespace

std::vector<gemm::cuda::CudaSuiteShape> AnchorShapes() {
  return {
      Shape("decode", 1, 4096, 4096),      Shape("decode", 1, 14336, 4096),
      Shape("decode", 16, 4096, 4096),     Shape("small", 64, 4096, 4096),
      Shape("small", 128, 14336, 4096),    Shape("prefill", 512, 4096, 4096),
      Shape("prefill", 2048, 4096, 4096),  Shape("prefill", 4096, 4096, 4096),
      Shape("prefill", 4096, 14336, 4096), Shape("prefill", 4096, 4096, 14336),
      Shape("prefill", 8192, 8192, 8192),  Shape("attn", 4096, 4096, 128),
      Shape("attn", 4096, 128, 4096),      Shape("smollm", 2048, 576, 576),
      Shape("smollm", 2048, 1536, 576),    Shape("odd", 1000, 1000, 1000),
      Shape("odd", 3000, 5000, 700),
  };
}

std::vector<gemm::cuda::CudaSuiteShape> ParseShapes(const std::string& text) {
  std::vector<gemm::cuda::CudaSuiteShape> shapes;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    long long m = 0;
    long long n = 0;
    long long k = 0;
    char tail = 0;
    if (std::sscanf(item.c_str(), "%lldx%lldx%lld%c", &m, &n, &k, &tail) != 3 || m < 0 || n < 0 || k < 0)
      return {};
    shapes.push_back(Shape("shape", m, n, k));
  }
  return shapes;
}

}  // namespace tv::bench::cuda
