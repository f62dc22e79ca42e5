/* tilevolve — the library API: a single-precision GEMM whose tiles come from an
 * evolved heuristic, and the switch that turns the heuristic on.
 *
 * C++ (two lines to add to a program):
 *
 *   #include <tilevolve/tilevolve.h>
 *   tv::enable_optimizations();   // searches for best_program.cpp (see below)
 *   tv::sgemm(tv::Layout::kRowMajor, tv::Transpose::kNo, tv::Transpose::kNo,
 *             m, n, k, 1.0f, a, k, b, n, 0.0f, c, n);
 *   std::puts(tv::format_optimization_info(tv::optimization_info()).c_str());
 *
 * C: the tv_* functions at the end of this file (link -ltilevolve).
 *
 * enable_optimizations(path) with an empty path tries, in order:
 *   $TILEVOLVE_PROGRAM, ./best_program.cpp, ./tilevolve_output/best/best_program.cpp,
 * and for each a prebuilt shared object beside it (X.so for X.cpp) when the
 * source is absent; a path ending in .so is taken as a prebuilt object. Before a
 * program is trusted it is compiled (cached by content, in the sandbox) and
 * asked for tiles on a probe set of shapes inside the sandboxed
 * tilevolve-heuristic-host; a program that fails either step is refused, the
 * call returns false and optimization_info().refusal says why. A refused or
 * missing program leaves the previous state (or the built-in default tiles)
 * working. A fallback table (X.fallback.json beside X.cpp, written from an
 * evaluation) makes shapes where the evolved tiles measured slower than the
 * baseline heuristic run with the baseline's tiles.
 *
 * Thread safety: every function may be called from any thread at any time;
 * enabling or disabling while other threads multiply is safe (a call in flight
 * finishes with the heuristic it started with). */
#ifndef TILEVOLVE_TILEVOLVE_H_
#define TILEVOLVE_TILEVOLVE_H_

#include <stddef.h>
#include <stdint.h>

#include "tilevolve/device_info.h"

#define TILEVOLVE_API __attribute__((visibility("default")))

#ifdef __cplusplus
#include <string>

namespace tv {

/* The cblas values, so a cblas enum converts with a static_cast. */
enum class Layout : int { kRowMajor = 101, kColMajor = 102 };
enum class Transpose : int { kNo = 111, kYes = 112, kConjTrans = 113 /* = kYes for real data */ };

/* C = alpha * op(A) * op(B) + beta * C with cblas_sgemm's semantics: op(A) is
 * m x k, op(B) k x n, C m x n, each stored in `layout` with its leading
 * dimension. beta == 0: C is only written (it may hold NaN). alpha == 0 or
 * k == 0: A and B are not read.
 * Returns 0, or the 1-based cblas position of the first invalid argument
 * (1 layout, 2 trans_a, 3 trans_b, 4 m, 5 n, 6 k, 8 a, 9 lda, 10 b, 11 ldb,
 * 13 c, 14 ldc; a null pointer counts as invalid where the operand is read);
 * then C is unchanged and, when `error` is given, it receives a message. */
TILEVOLVE_API int sgemm(Layout layout, Transpose trans_a, Transpose trans_b, int64_t m, int64_t n, int64_t k,
                        float alpha, const float* a, int64_t lda, const float* b, int64_t ldb, float beta,
                        float* c, int64_t ldc, std::string* error = nullptr);

/* Loads, validates and switches to the heuristic program at `path` (empty:
 * the search order above). Returns false, keeping the current state, when no
 * program is found or one is refused; optimization_info().refusal says why. */
TILEVOLVE_API bool enable_optimizations(const std::string& path = "");

/* Back to the engine's built-in default tiles. */
TILEVOLVE_API void disable_optimizations();

/* Calls counted since the library was loaded, by the path they took. */
struct OptimizationCounts {
  uint64_t calls = 0;         /* every sgemm that ran (invalid arguments excluded) */
  uint64_t evolved = 0;       /* ran the evolved heuristic's tiles: the hook hits */
  uint64_t default_tiles = 0; /* optimizations off: the engine's default tiles */
  uint64_t small = 0;         /* fell back: problem too small for tiles to matter (default tiles) */
  uint64_t unsupported = 0;   /* fell back: a case the heuristic cannot be asked (a size above INT_MAX) */
  uint64_t invalid_tiles = 0; /* fell back: the program's answer was out of range; default tiles ran */
  uint64_t table = 0;         /* fell back: the fallback table says the baseline is faster for this shape */
  uint64_t rejected = 0;      /* invalid arguments: nothing ran */
};

struct OptimizationInfo {
  bool enabled = false;
  std::string program_path; /* the program in use (source or prebuilt .so); empty when disabled */
  std::string program_hash; /* the compile cache key (or the .so's content hash) */
  std::string object_path;  /* the shared object that was loaded */
  std::string refusal; /* why the last enable_optimizations() call returned false; empty when it succeeded */
  std::string fallback_table; /* the fallback table in use, empty when none */
  size_t fallback_shapes = 0; /* shapes it sends to the baseline's tiles */
  std::string fallback_note;  /* why a fallback table beside the program was not used, if one was not */
  tv_device_info device{};    /* what the heuristic is told about this machine */
  std::string isa;            /* the microkernel table in use: "avx512", "avx2" or "reference" */
  int threads = 0;            /* threads per GEMM call */
  OptimizationCounts counts;
};

TILEVOLVE_API OptimizationInfo optimization_info();

/* Several lines for people: state, program, device, counts. */
TILEVOLVE_API std::string format_optimization_info(const OptimizationInfo& info);

}  // namespace tv
#endif /* __cplusplus */

/* ---- C API ---------------------------------------------------------------- */
#ifdef __cplusplus
extern "C" {
#endif

enum tv_layout { TV_ROW_MAJOR = 101, TV_COL_MAJOR = 102 };
enum tv_transpose { TV_NO_TRANS = 111, TV_TRANS = 112, TV_CONJ_TRANS = 113 };

/* As tv::sgemm: returns 0 or the cblas position of the first invalid argument. */
TILEVOLVE_API int tv_sgemm(int layout, int trans_a, int trans_b, int64_t m, int64_t n, int64_t k, float alpha,
                           const float* a, int64_t lda, const float* b, int64_t ldb, float beta, float* c,
                           int64_t ldc);

/* 1 when the program (NULL or "": the search order) is in use, 0 when refused. */
TILEVOLVE_API int tv_enable_optimizations(const char* path);
TILEVOLVE_API void tv_disable_optimizations(void);

typedef struct tv_optimization_info {
  int enabled;
  char program_path[4096];
  char program_hash[64];
  char refusal[2048]; /* truncated to fit; the C++ API has the whole text */
  uint64_t fallback_shapes;
  tv_device_info device;
  int threads;
  uint64_t calls, evolved, default_tiles, small, unsupported, invalid_tiles, table, rejected;
} tv_optimization_info;

/* Fills *info (never NULL). */
TILEVOLVE_API void tv_get_optimization_info(tv_optimization_info* info);

/* Writes format_optimization_info's text into buf (at most size bytes, NUL
 * terminated) and returns the length of the whole text, like snprintf. */
TILEVOLVE_API size_t tv_format_optimization_info(char* buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* TILEVOLVE_TILEVOLVE_H_ */
