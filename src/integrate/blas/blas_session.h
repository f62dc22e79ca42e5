// What the drop-in BLAS does with a call, and what it reports.
//
// Environment (read once, at the first BLAS call):
//   TILEVOLVE_DISABLE=1   every call goes to the system BLAS (the next definition)
//   TILEVOLVE_PROGRAM=P   the heuristic program (else enable_optimizations' search order)
//   TILEVOLVE_VERBOSE=1   at load of the heuristic and at exit, report on stderr
//   TILEVOLVE_NUM_THREADS threads per call (default: physical cores)
// At exit with TILEVOLVE_VERBOSE=1 it prints one line of counts, e.g.
//   tilevolve_blas: 12 calls: cblas_sgemm=10 sgemm_=0 cblas_sgemv=2 sgemv_=0; tilevolve=12 (evolved=8
//   default=0 small=2 unsupported=0 invalid_tiles=0 fallback_table=0 quick_return=2) forwarded=0 rejected=0
// and one line naming the heuristic in use, or why there is none.
#pragma once

#include <optional>
#include <string>

#include "integrate/active_heuristic.h"

namespace tv::integrate {

enum class BlasRoutine : int { kCblasSgemm, kSgemm, kCblasSgemv, kSgemv };
inline constexpr int kBlasRoutineCount = 4;

// True when TILEVOLVE_DISABLE asks for the system BLAS. The first call also
// enables the heuristic program (when not disabled).
bool BlasForwardsToSystem();

void CountBlasCall(BlasRoutine routine);
void CountBlasRoute(std::optional<Route> route);  // nullopt: a quick return, nothing ran
void CountBlasForwarded();
void CountBlasRejected();

// Prints the xerbla line (and what was wrong) on stderr.
void ReportBlasArgumentError(const std::string& routine, int position, const std::string& detail);

// The report TILEVOLVE_VERBOSE prints at exit.
std::string BlasReport();

}  // namespace tv::integrate
