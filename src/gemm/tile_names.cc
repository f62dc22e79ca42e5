#include "gemm/tile_names.h"

#include "tilevolve/tile_config.h"

namespace tv::gemm {
namespace {

struct NamedValue {
  const char* name;
  int32_t value;
};
constexpr NamedValue kParallelNames[] = {
    {"auto", TV_PARALLEL_AUTO}, {"n", TV_PARALLEL_N}, {"m", TV_PARALLEL_M}, {"k", TV_PARALLEL_K}};
constexpr NamedValue kPackNames[] = {{"auto", TV_PACK_AUTO}, {"on", TV_PACK_ON}, {"off", TV_PACK_OFF}};
constexpr NamedValue kPathNames[] = {
    {"auto", TV_PATH_AUTO}, {"blocked", TV_PATH_BLOCKED}, {"small_m", TV_PATH_SMALL_M}};

template <size_t N>
const char* NameOf(const NamedValue (&table)[N], int32_t value) {
  for (const NamedValue& nv : table) {
    if (nv.value == value) return nv.name;
  }
  return "?";
}

template <size_t N>
Result<int32_t> ValueOf(const NamedValue (&table)[N], const std::string& key, const std::string& text) {
  for (const NamedValue& nv : table) {
    if (text == nv.name) return nv.value;
  }
  std::string names;
  for (const NamedValue& nv : table) names += std::string(names.empty() ? "" : "|") + nv.name;
  return Status::InvalidArgument("'" + key + "=" + text + "': " + key + " must be one of " + names);
}

}  // namespace

const char* ParallelName(int32_t parallel) { return NameOf(kParallelNames, parallel); }
const char* PackName(int32_t pack) { return NameOf(kPackNames, pack); }
const char* PathName(int32_t path) { return NameOf(kPathNames, path); }

Result<int32_t> ParseParallel(const std::string& key, const std::string& name) {
  return ValueOf(kParallelNames, key, name);
}
Result<int32_t> ParsePack(const std::string& key, const std::string& name) {
  return ValueOf(kPackNames, key, name);
}
Result<int32_t> ParsePath(const std::string& key, const std::string& name) {
  return ValueOf(kPathNames, key, name);
}

}  // namespace tv::gemm
