#include "integrate/host_path.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

namespace tv::integrate {
namespace {

constexpr const char* kHostName = "tilevolve-heuristic-host";

bool IsExecutable(const std::string& path) { return !path.empty() && access(path.c_str(), X_OK) == 0; }

// The directory of the shared object (or executable) this function lives in.
std::string OwnDirectory() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&LibraryHostPath), &info) == 0 || info.dli_fname == nullptr) return "";
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::canonical(info.dli_fname, ec);
  return ec ? std::string() : self.parent_path().string();
}

}  // namespace

std::string LibraryHostPath() {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("TILEVOLVE_HEURISTIC_HOST"); env != nullptr && env[0] != '\0') {
    return env;  // an explicit choice is used as is (a wrong one fails with its name)
  }
  if (const std::string dir = OwnDirectory(); !dir.empty()) {
    candidates.push_back(dir + "/" + TV_INSTALL_LIB_TO_BIN + "/" + kHostName);
  }
  candidates.push_back(std::string(TV_INSTALL_FULL_BINDIR) + "/" + kHostName);
  candidates.push_back(TV_BUILD_TREE_HOST);
  for (const std::string& path : candidates) {
    if (IsExecutable(path)) return path;
  }
  return TV_BUILD_TREE_HOST;
}

}  // namespace tv::integrate
