#include "core/cache_dir.h"

#include <unistd.h>

#include <cstdlib>

namespace tv {
namespace {

std::string EnvOrEmpty(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::string(value) : std::string();
}

}  // namespace

std::string CacheRoot() {
  if (std::string dir = EnvOrEmpty("TILEVOLVE_CACHE_DIR"); !dir.empty()) return dir;
  if (std::string dir = EnvOrEmpty("XDG_CACHE_HOME"); !dir.empty()) return dir + "/tilevolve";
  if (std::string dir = EnvOrEmpty("HOME"); !dir.empty()) return dir + "/.cache/tilevolve";
  return "/tmp/tilevolve-cache-" + std::to_string(getuid());
}

}  // namespace tv
