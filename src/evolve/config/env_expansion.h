// `${NAME}` references in config string values (evolve_config.h): each is
// replaced by the environment variable NAME. `$${` stands for a literal `${`,
// which is how EscapeEnvReferences writes one so that a value read back is the
// value written.
//
//   ExpandEnvReferences("Bearer ${KEY}", lookup) -> {"Bearer sk-...", unset: {}}
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace tv::evolve {

// The value of an environment variable, or nullopt when it is not set.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// getenv() of this process.
EnvLookup ProcessEnvironment();

struct EnvExpansion {
  std::string value;               // every reference replaced (an unset one by "")
  std::vector<std::string> unset;  // names referenced but not set, in order of appearance
};

// InvalidArgument (a message without the key; the caller adds it) for a `${`
// without its `}` or a name that is not [A-Za-z_][A-Za-z0-9_]*.
Result<EnvExpansion> ExpandEnvReferences(std::string_view text, const EnvLookup& lookup);

// The text with every `${` written as `$${`, so ExpandEnvReferences gives it back.
std::string EscapeEnvReferences(std::string_view text);

}  // namespace tv::evolve
