#include "integrate/blas/blas_session.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "integrate/call_checks.h"
#include "integrate/runtime.h"

namespace tv::integrate {
namespace {

constexpr const char* kRoutineNames[kBlasRoutineCount] = {"cblas_sgemm", "sgemm_", "cblas_sgemv", "sgemv_"};

struct Counters {
  std::array<std::atomic<uint64_t>, kBlasRoutineCount> calls{};
  std::array<std::atomic<uint64_t>, kRouteCount> routes{};
  std::atomic<uint64_t> quick_return{0};
  std::atomic<uint64_t> forwarded{0};
  std::atomic<uint64_t> rejected{0};
};

Counters& Count() {
  static auto* counters = new Counters;  // never destroyed: counted until the very end
  return *counters;
}

bool EnvIsOn(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && value[0] != '\0' && std::strcmp(value, "0") != 0;
}

struct Session {
  bool disabled = false;
  bool verbose = false;
  bool enabled = false;  // a heuristic program is in use
};

const Session& GetSession() {
  static const Session session = [] {
    Session s;
    s.disabled = EnvIsOn("TILEVOLVE_DISABLE");
    s.verbose = EnvIsOn("TILEVOLVE_VERBOSE");
    if (!s.disabled) {
      s.enabled = Runtime::Get().Enable("");
      if (s.verbose) {
        const OptimizationInfo info = Runtime::Get().Info();
        std::fprintf(stderr, "tilevolve_blas: %s\n",
                     s.enabled
                         ? ("heuristic " + info.program_path + " (hash " + info.program_hash + ")").c_str()
                         : ("no heuristic, default tiles: " + info.refusal).c_str());
      }
    }
    return s;
  }();
  return session;
}

uint64_t Get(const std::atomic<uint64_t>& v) { return v.load(std::memory_order_relaxed); }

__attribute__((destructor)) void ReportAtExit() {
  if (!EnvIsOn("TILEVOLVE_VERBOSE")) return;
  std::fprintf(stderr, "%s", BlasReport().c_str());
}

}  // namespace

bool BlasForwardsToSystem() { return GetSession().disabled; }

void CountBlasCall(BlasRoutine routine) {
  Count().calls[static_cast<int>(routine)].fetch_add(1, std::memory_order_relaxed);
}

void CountBlasRoute(std::optional<Route> route) {
  if (route.has_value()) {
    Count().routes[static_cast<int>(*route)].fetch_add(1, std::memory_order_relaxed);
  } else {
    Count().quick_return.fetch_add(1, std::memory_order_relaxed);
  }
}

void CountBlasForwarded() { Count().forwarded.fetch_add(1, std::memory_order_relaxed); }
void CountBlasRejected() { Count().rejected.fetch_add(1, std::memory_order_relaxed); }

void ReportBlasArgumentError(const std::string& routine, int position, const std::string& detail) {
  std::fprintf(stderr, "%s\n  (tilevolve_blas: %s: %s; the call did nothing)\n",
               XerblaMessage(routine, position).c_str(), routine.c_str(), detail.c_str());
}

std::string BlasReport() {
  const Counters& c = Count();
  uint64_t calls = 0;
  std::string per_routine;
  for (int i = 0; i < kBlasRoutineCount; ++i) {
    calls += Get(c.calls[i]);
    per_routine += std::string(i == 0 ? "" : " ") + kRoutineNames[i] + "=" + std::to_string(Get(c.calls[i]));
  }
  uint64_t ours = Get(c.quick_return);
  std::string routes;
  for (int i = 0; i < kRouteCount; ++i) {
    ours += Get(c.routes[i]);
    routes += std::string(RouteName(static_cast<Route>(i))) + "=" + std::to_string(Get(c.routes[i])) + " ";
  }
  std::string out = "tilevolve_blas: " + std::to_string(calls) + " calls: " + per_routine +
                    "; tilevolve=" + std::to_string(ours) + " (" + routes +
                    "quick_return=" + std::to_string(Get(c.quick_return)) +
                    ") forwarded=" + std::to_string(Get(c.forwarded)) +
                    " rejected=" + std::to_string(Get(c.rejected)) + "\n";
  return out;
}

}  // namespace tv::integrate
