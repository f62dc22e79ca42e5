// The inner loops of the roofline measurement, one set per ISA. Each set lives
// in its own file compiled with that ISA's flags (roofline_avx512.cc,
// roofline_avx2.cc) or none (roofline_portable.cc); only call one the CPU has.
// This header includes nothing but <cstdint> so no inline code is shared with them.
#pragma once

#include <cstdint>

namespace tv::bench::roofline_kernels {

// Runs `iterations` rounds of kFmaChains independent chains of vector FMAs
// (one FMA per chain per round) and returns a value that depends on all of them.
// FLOPs done: iterations * kFmaChains * lanes * 2, lanes = 16 (AVX-512), 8 (AVX2), 4 (portable).
inline constexpr int kFmaChains = 16;
float FmaChainsAvx512(int64_t iterations);
float FmaChainsAvx2(int64_t iterations);
float FmaChainsPortable(int64_t iterations);

// Sum of data[0..count) with vector loads, read as `streams` equal parts in
// lockstep (64 floats of each part in turn): one core's read bandwidth can need
// more than one sequential stream to reach its best.
// REQUIRES: data 64-byte aligned, streams >= 1, count % (64 * streams) == 0.
float SumAvx512(const float* data, int64_t count, int streams);
float SumAvx2(const float* data, int64_t count, int streams);
float SumPortable(const float* data, int64_t count, int streams);

}  // namespace tv::bench::roofline_kernels
