#include "integrate/runtime.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <utility>

#include "device/device.h"
#include "evolve/sandbox.h"
#include "gemm/cpu/cpu_gemm.h"
#include "integrate/program_search.h"

namespace tv::integrate {
namespace {

constexpr int kMaxThreads = 1024;

// The fallback table beside the program, when there is one that applies.
std::optional<FallbackTable> TableFor(const LoadedProgram& program, const std::string& table_path,
                                      std::string* note) {
  std::error_code ec;
  if (!std::filesystem::exists(table_path, ec)) return std::nullopt;
  Result<FallbackTable> table = ReadFallbackTable(table_path);
  if (!table.ok()) {
    *note = "fallback table ignored: " + table.status().message();
    return std::nullopt;
  }
  if (table->program_hash() != program.hash()) {
    *note = "fallback table '" + table_path + "' was measured for program " + table->program_hash() +
            ", not this one (" + program.hash() +
            "); ignored: re-export it from an evaluation of this program";
    return std::nullopt;
  }
  return std::move(*table);
}

}  // namespace

int ThreadsFromEnvironment(const tv_device_info& device) {
  if (const char* env = std::getenv("TILEVOLVE_NUM_THREADS"); env != nullptr) {
    int value = 0;
    const char* end = env + std::strlen(env);
    auto [ptr, ec] = std::from_chars(env, end, value);
    if (ec == std::errc() && ptr == end && value >= 1) return std::min(value, kMaxThreads);
  }
  return std::max(1, device.physical_cores);
}

Runtime& Runtime::Get() {
  static Runtime* runtime = new Runtime();  // never destroyed: other threads may still multiply at exit
  return *runtime;
}

Runtime::Runtime()
    : device_(device::DetectCpu()), threads_(ThreadsFromEnvironment(device_)), engines_(threads_) {}

Route Runtime::Run(const gemm::SgemmArgs& args) {
  const std::shared_ptr<const ActiveHeuristic> active = active_.load(std::memory_order_acquire);
  const gemm::GemmShape shape = gemm::ShapeOf(args);
  TileChoice choice;  // zero request: the engine's default tiles
  if (active != nullptr) choice = active->Choose(shape, device_);
  const bool default_tiles = choice.route != Route::kEvolved && choice.route != Route::kTable;
  // The engine's default tiles, threads included: one per 2 MFLOP on the
  // blocked path, one per 256 KiB of B on the small-M path. (The library used to
  // add a thread only per 20 MFLOP, against fork-join stalls on an oversubscribed
  // machine; since the pool's indices are claimed a descheduled worker stalls no
  // call, and under numpy on a quiet machine that rule made M = 1 products run
  // on one thread at 0.5-0.85x of OpenBLAS's two, 2026-11-26.)
  if (default_tiles) choice.tiles = tv_tile_config{};
  EnginePool::Lease lease = engines_.Acquire();
  const Status status = lease.engine().Run(args, choice.tiles);
  assert(status.ok() && "Runtime::Run requires checked arguments");
  (void)status;
  routes_[static_cast<int>(choice.route)].fetch_add(1, std::memory_order_relaxed);
  return choice.route;
}

bool Runtime::Enable(const std::string& path) {
  std::lock_guard<std::mutex> lock(enable_mu_);
  auto refuse = [this](const std::string& why) {
    std::lock_guard<std::mutex> refusal_lock(refusal_mu_);
    refusal_ = why;
    return false;
  };
  Result<FoundProgram> found = FindProgram(path);
  if (!found.ok()) return refuse(found.status().message());
  evolve::ProcessSandboxRunner runner;
  Result<std::unique_ptr<LoadedProgram>> program =
      LoadProgram(found->path, found->prebuilt, device_, LoadOptions(), runner);
  if (!program.ok()) return refuse(program.status().message());
  const std::string table_path = FallbackTablePathFor(found->path);
  std::string note;
  std::optional<FallbackTable> table = TableFor(**program, table_path, &note);
  active_.store(
      std::make_shared<const ActiveHeuristic>(std::move(*program), std::move(table), table_path, note),
      std::memory_order_release);
  std::lock_guard<std::mutex> refusal_lock(refusal_mu_);
  refusal_.clear();
  return true;
}

void Runtime::Disable() {
  std::lock_guard<std::mutex> lock(enable_mu_);
  active_.store(nullptr, std::memory_order_release);
}

OptimizationInfo Runtime::Info() const {
  OptimizationInfo info;
  const std::shared_ptr<const ActiveHeuristic> active = active_.load(std::memory_order_acquire);
  if (active != nullptr) {
    info.enabled = true;
    info.program_path = active->program().path();
    info.program_hash = active->program().hash();
    info.object_path = active->program().object_path();
    if (active->table().has_value()) {
      info.fallback_table = active->table_path();
      info.fallback_shapes = active->table()->shapes().size();
    }
    info.fallback_note = active->table_note();
  }
  {
    std::lock_guard<std::mutex> lock(refusal_mu_);
    info.refusal = refusal_;
  }
  info.device = device_;
  info.isa = gemm::IsaName(gemm::BestIsa());
  info.threads = threads_;
  auto count = [this](Route r) { return routes_[static_cast<int>(r)].load(std::memory_order_relaxed); };
  info.counts.evolved = count(Route::kEvolved);
  info.counts.default_tiles = count(Route::kDefault);
  info.counts.small = count(Route::kSmall);
  info.counts.unsupported = count(Route::kUnsupported);
  info.counts.invalid_tiles = count(Route::kInvalidTiles);
  info.counts.table = count(Route::kTable);
  info.counts.calls = info.counts.evolved + info.counts.default_tiles + info.counts.small +
                      info.counts.unsupported + info.counts.invalid_tiles + info.counts.table;
  info.counts.rejected = rejected_.load(std::memory_order_relaxed);
  return info;
}

}  // namespace tv::integrate
