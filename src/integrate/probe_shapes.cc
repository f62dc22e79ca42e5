#include "integrate/probe_shapes.h"

#include <cmath>
#include <cstdint>

namespace tv::integrate {
namespace {

// Edge cases inside the evaluator's domain (sizes up to 16384, evolve/evaluator.h's
// probe shapes): unit sizes, primes, register-block neighbours, a deep K. Answers
// outside the domain are not probed: one out of range there falls back at run time.
constexpr evolve::ProbeShape kEdgeShapes[] = {
    {1, 1, 1},     {1, 1, 4096},   {4096, 1, 1},   {1, 4096, 1},       {2, 3, 5},     {7, 13, 17},
    {31, 37, 41},  {97, 101, 103}, {6, 32, 384},   {7, 33, 385},       {15, 47, 255}, {16, 48, 256},
    {17, 49, 257}, {1, 16384, 64}, {16384, 1, 64}, {8192, 8192, 8192}, {1, 1, 16384}, {16384, 16384, 16384}};

// Transformer layers (decode M = 1..16, prefill M = 128..2048) of the models the runtime serves.
constexpr evolve::ProbeShape kModelShapes[] = {
    {1, 576, 576},    {1, 1536, 576},   {1, 576, 1536},   {1, 49152, 576},   {4, 576, 576},
    {8, 896, 896},    {16, 4864, 896},  {16, 896, 4864},  {64, 576, 1536},   {128, 576, 576},
    {256, 576, 576},  {256, 192, 576},  {256, 1536, 576}, {256, 576, 1536},  {256, 896, 896},
    {256, 128, 896},  {256, 4864, 896}, {256, 896, 4864}, {512, 4096, 4096}, {2048, 2048, 64},
    {2048, 64, 2048}, {1, 4096, 4096},  {32, 4096, 4096}, {1, 32000, 4096},  {1024, 8960, 1536}};

constexpr int kRandomShapes = 36;
constexpr uint64_t kSeed = 0x7417e5u;

// splitmix64: a fixed generator, so the probe set never changes between runs.
uint64_t Next(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// Log-uniform in [1, 16384].
int LogUniformSize(uint64_t& state) {
  const double u = static_cast<double>(Next(state) >> 11) / static_cast<double>(1ull << 53);
  return static_cast<int>(std::exp(u * std::log(16384.0)));
}

}  // namespace

std::vector<evolve::ProbeShape> LibraryProbeShapes() {
  std::vector<evolve::ProbeShape> shapes(std::begin(kEdgeShapes), std::end(kEdgeShapes));
  shapes.insert(shapes.end(), std::begin(kModelShapes), std::end(kModelShapes));
  uint64_t state = kSeed;
  for (int i = 0; i < kRandomShapes; ++i) {
    const int m = LogUniformSize(state);
    const int n = LogUniformSize(state);
    const int k = LogUniformSize(state);
    shapes.push_back({m, n, k});
  }
  return shapes;
}

}  // namespace tv::integrate
