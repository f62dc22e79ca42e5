// The prompt an LLM mutator sends: a system message and a user message built
// from templates (built-in text, or files of prompt.template_dir with the same
// names: system_message.txt, diff_user.txt, rewrite_user.txt), filled with the
// parent's code, its metrics and per-shape results (speedups and tiles), its
// artifacts (compiler errors, the failed probe, stderr; capped), the island's
// top programs and inspirations (code and scores), feedback about the parent's
// own creation (a rejected diff), and the task (diff or full rewrite).
// Template stochasticity varies the wording of a few phrases with the RNG.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "evolve/config/evolve_config.h"
#include "evolve/database/population.h"
#include "evolve/llm/chat_client.h"
#include "evolve/mutation/mutator.h"

namespace tv::evolve {

// NotFound when template_dir is set but does not exist; InvalidArgument when one of
// its templates is unreadable or lacks {parent_code}. A template file it does not
// have falls back to the built-in one (as in OpenEvolve).
Result<std::vector<ChatMessage>> BuildPrompt(const MutationRequest& request, const EvolveConfig& config,
                                             bool full_rewrite, Rng& rng);

}  // namespace tv::evolve
