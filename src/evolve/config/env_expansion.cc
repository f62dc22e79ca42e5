#include "evolve/config/env_expansion.h"

#include <cstdlib>

namespace tv::evolve {
namespace {

bool IsNameStart(char c) { return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

bool ValidName(std::string_view name) {
  if (name.empty() || !IsNameStart(name[0])) return false;
  for (char c : name) {
    if (!IsNameChar(c)) return false;
  }
  return true;
}

}  // namespace

EnvLookup ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

Result<EnvExpansion> ExpandEnvReferences(std::string_view text, const EnvLookup& lookup) {
  EnvExpansion out;
  size_t i = 0;
  while (i < text.size()) {
    if (text.substr(i, 3) == "$${") {
      out.value += "${";
      i += 3;
      continue;
    }
    if (text.substr(i, 2) != "${") {
      out.value += text[i++];
      continue;
    }
    size_t close = text.find('}', i + 2);
    if (close == std::string_view::npos) {
      return Status::InvalidArgument("'${' without its closing '}'; write ${NAME}, or $${ for a literal ${");
    }
    std::string name(text.substr(i + 2, close - i - 2));
    if (!ValidName(name)) {
      return Status::InvalidArgument("'${" + name +
                                     "}' does not name an environment variable; expected ${NAME} with NAME "
                                     "made of letters, digits and '_'");
    }
    std::optional<std::string> value = lookup(name);
    if (value) {
      out.value += *value;
    } else {
      out.unset.push_back(name);
    }
    i = close + 1;
  }
  return out;
}

std::string EscapeEnvReferences(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (text.substr(i, 2) == "${") {
      out += "$${";
      i += 2;
    } else {
      out += text[i++];
    }
  }
  return out;
}

}  // namespace tv::evolve
