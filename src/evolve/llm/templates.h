// The prompt templates of the LLM mutator: built-in text compiled in, each of
// which a file of the same name in prompt.template_dir replaces.
//
//   system_message.txt     the system message (unless prompt.system_message is set)
//   diff_user.txt          the user message asking for SEARCH/REPLACE blocks
//   rewrite_user.txt       the user message asking for a full rewrite
//   program_interface.txt  what a GEMM tiling heuristic is (the ABI, the device
//                          fields, the tile fields); shown only for programs that
//                          define choose_tile_size
//
// A template holds placeholders `{name}`, replaced once (text inserted for a
// placeholder is never scanned again, so code with braces is safe). Unknown
// placeholders stay as written. Phrase placeholders (`{task_intro}`,
// `{improvement_hint}`, `{closing}`) are filled with one of a few alternative
// wordings: the first without template stochasticity, one picked by the RNG with it.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace tv::evolve {

inline constexpr std::string_view kSystemMessageTemplate = "system_message.txt";
inline constexpr std::string_view kDiffUserTemplate = "diff_user.txt";
inline constexpr std::string_view kRewriteUserTemplate = "rewrite_user.txt";
inline constexpr std::string_view kProgramInterfaceTemplate = "program_interface.txt";

// The built-in text of template `name`. REQUIRES: `name` is one of the names above.
std::string_view BuiltinTemplate(std::string_view name);

// Template `name`: the file `template_dir/name` when template_dir is set and has
// it, else the built-in text. NotFound when template_dir is set but is not a
// directory; InvalidArgument when the file exists but cannot be read.
Result<std::string> LoadTemplate(std::string_view name, const std::string& template_dir);

// The alternative wordings of each phrase placeholder, by name (without braces).
// Every list has at least one entry.
const std::map<std::string, std::vector<std::string>>& PhraseVariants();

// `text` with every `{key}` of `values` replaced by its value, in one pass.
std::string FillTemplate(std::string_view text, const std::map<std::string, std::string>& values);

}  // namespace tv::evolve
