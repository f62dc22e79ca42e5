// An enabled heuristic program and the rule that decides, per call, whether
// its tiles run or the call falls back (and why).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "gemm/sgemm_args.h"
#include "integrate/fallback_table.h"
#include "integrate/loaded_program.h"
#include "tilevolve/device_info.h"
#include "tilevolve/tile_config.h"

namespace tv::integrate {

// The path one call took; every executed call counts under exactly one.
enum class Route : uint8_t {
  kEvolved,       // the program's tiles ran: a hook hit
  kDefault,       // no program enabled: the engine's default tiles
  kSmall,         // operands within kSmallProblemBytes: tiles cannot matter, default tiles
  kUnsupported,   // a size above INT_MAX, which the heuristic ABI cannot express: default tiles
  kInvalidTiles,  // the program answered out of range (evolve::ValidateAnswer): default tiles
  kTable,         // the fallback table says the baseline is faster here: the baseline's tiles
};
inline constexpr int kRouteCount = 6;
const char* RouteName(Route route);

// A, B and C together at most this many bytes fit in any L1d: one cache block
// of any tiling covers the whole problem, so the heuristic is not consulted.
inline constexpr int64_t kSmallProblemBytes = 32 * 1024;

struct TileChoice {
  tv_tile_config tiles{};  // a request: CpuGemm::Run legalizes it
  Route route = Route::kDefault;
};

class ActiveHeuristic {
 public:
  // `table` applies only when its program_hash matches the program's (else
  // table_note says why it was ignored).
  ActiveHeuristic(std::unique_ptr<LoadedProgram> program, std::optional<FallbackTable> table,
                  std::string table_path, std::string table_note);

  // Thread-safe. Answers are memoized per (m, n, k): the program was checked
  // to answer deterministically, and a call must not pay for a slow heuristic.
  TileChoice Choose(const gemm::GemmShape& shape, const tv_device_info& device) const;

  const LoadedProgram& program() const { return *program_; }
  const std::optional<FallbackTable>& table() const { return table_; }
  const std::string& table_path() const { return table_path_; }
  const std::string& table_note() const { return table_note_; }

 private:
  struct ShapeKey {
    int m, n, k;
    bool operator==(const ShapeKey&) const = default;
  };
  struct ShapeKeyHash {
    size_t operator()(const ShapeKey& s) const;
  };
  static constexpr size_t kMemoCapacity = 1 << 16;  // shapes remembered; later ones are asked each time

  tv_tile_config Ask(int m, int n, int k, const tv_device_info& device) const;

  std::unique_ptr<LoadedProgram> program_;
  std::optional<FallbackTable> table_;
  std::string table_path_;
  std::string table_note_;
  mutable std::mutex memo_mu_;
  mutable std::unordered_map<ShapeKey, tv_tile_config, ShapeKeyHash> memo_;  // guarded by memo_mu_
};

}  // namespace tv::integrate
