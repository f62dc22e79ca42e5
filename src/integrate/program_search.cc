#include "integrate/program_search.h"

#include <cstdlib>
#include <filesystem>
#include <vector>

namespace tv::integrate {
namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool IsFile(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

std::string SharedObjectBeside(const std::string& source) {
  return std::filesystem::path(source).replace_extension(".so").string();
}

// The program at `path` or its prebuilt object; adds what it looked at to `tried`.
bool TryCandidate(const std::string& path, std::vector<std::string>* tried, FoundProgram* found) {
  tried->push_back(path);
  if (IsFile(path)) {
    *found = {path, EndsWith(path, ".so")};
    return true;
  }
  if (EndsWith(path, ".so")) return false;
  const std::string object = SharedObjectBeside(path);
  tried->push_back(object);
  if (IsFile(object)) {
    *found = {object, true};
    return true;
  }
  return false;
}

std::string Join(const std::vector<std::string>& paths) {
  std::string out;
  for (const std::string& p : paths) out += (out.empty() ? "" : ", ") + p;
  return out;
}

}  // namespace

Result<FoundProgram> FindProgram(const std::string& explicit_path) {
  std::vector<std::string> tried;
  FoundProgram found;
  if (!explicit_path.empty()) {
    if (TryCandidate(explicit_path, &tried, &found)) return found;
    return Status::NotFound("heuristic program not found (looked at " + Join(tried) +
                            "); pass the path of a best_program.cpp that `tilevolve evolve` wrote");
  }
  if (const char* env = std::getenv("TILEVOLVE_PROGRAM"); env != nullptr && env[0] != '\0') {
    if (TryCandidate(env, &tried, &found)) return found;
    return Status::NotFound("TILEVOLVE_PROGRAM names a program that does not exist (looked at " +
                            Join(tried) + "); fix the path or unset TILEVOLVE_PROGRAM");
  }
  for (const char* path : {"./best_program.cpp", "./tilevolve_output/best/best_program.cpp"}) {
    if (TryCandidate(path, &tried, &found)) return found;
  }
  return Status::NotFound("no heuristic program found (TILEVOLVE_PROGRAM is unset; looked at " + Join(tried) +
                          "); run `tilevolve evolve` or pass a program's path");
}

std::string FallbackTablePathFor(const std::string& program_path) {
  return std::filesystem::path(program_path).replace_extension(".fallback.json").string();
}

}  // namespace tv::integrate
