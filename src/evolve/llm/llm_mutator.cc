#include "evolve/llm/llm_mutator.h"

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <utility>

#include "evolve/llm/one_line.h"
#include "evolve/llm/prompt_builder.h"
#include "evolve/mutation/diff_apply.h"
#include "evolve/mutation/evolve_blocks.h"

namespace tv::evolve {
namespace {

// With allow_full_rewrites in diff mode, the share of proposals asked as full
// rewrites: mostly small diffs (cheap, local), sometimes a fresh take.
constexpr double kFullRewriteProbability = 0.2;
constexpr size_t kMaxSummaryChars = 400;
constexpr size_t kMaxIdeaChars = 160;

// Uniform in [0, 1) from 53 bits of the RNG (the same on every standard library).
double Uniform(Rng& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// A model index drawn by weight.
size_t PickModel(const std::vector<LlmModelConfig>& models, Rng& rng) {
  double total = 0;
  for (const LlmModelConfig& model : models) total += std::max(0.0, model.weight);
  if (total <= 0) return 0;
  double point = Uniform(rng) * total;
  for (size_t i = 0; i < models.size(); ++i) {
    point -= std::max(0.0, models[i].weight);
    if (point < 0) return i;
  }
  return models.size() - 1;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += (out.empty() ? "" : "; ") + line;
  return out;
}

// The reply's own one-line account of its idea: its first line of prose before
// any block or code fence, without markdown decoration.
std::string ReplyIdea(const std::string& reply) {
  size_t begin = 0;
  while (begin < reply.size()) {
    size_t end = reply.find('\n', begin);
    if (end == std::string::npos) end = reply.size();
    std::string line = reply.substr(begin, end - begin);
    if (line.rfind("<<<<<<<", 0) == 0 || line.rfind("```", 0) == 0) return "";
    const size_t first = line.find_first_not_of(" \t\r#*>-");
    if (first != std::string::npos) {
      line = line.substr(first);
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '*'))
        line.pop_back();
      return OneLine(line, kMaxIdeaChars);
    }
    begin = end + 1;
  }
  return "";
}

MutationResult Rejected(MutationResult result, const std::string& why) {
  result.ok = false;
  result.code.clear();
  result.summary = OneLine(why, kMaxSummaryChars);
  return result;
}

std::string Dollars(double usd) {
  char text[32];
  std::snprintf(text, sizeof(text), usd >= 0.01 || usd == 0 ? "$%.2f" : "$%.4f", usd);
  return text;
}

}  // namespace

LlmMutator::LlmMutator(const EvolveConfig& config, std::vector<std::unique_ptr<ChatClient>> clients)
    : config_(config), clients_(std::move(clients)) {
  assert(!clients_.empty() && clients_.size() == config_.llm.models.size());
}

Result<MutationResult> LlmMutator::Propose(const MutationRequest& request, Rng& rng) {
  assert(request.parent != nullptr);
  const LlmConfig& llm = config_.llm;
  if (llm.max_cost > 0 && spent_usd_ >= llm.max_cost) {
    return Status::Unavailable("LLM budget of " + Dollars(llm.max_cost) + " spent (" + Dollars(spent_usd_) +
                               " used): raise llm.max_cost to continue (--resume), or evolve without an "
                               "LLM with `mutator: {kind: offline}`");
  }
  const size_t index = PickModel(llm.models, rng);
  const LlmModelConfig& model = llm.models[index];
  const bool full_rewrite = !config_.diff_based_evolution ||
                            (config_.allow_full_rewrites && Uniform(rng) < kFullRewriteProbability);

  Result<std::vector<ChatMessage>> messages = BuildPrompt(request, config_, full_rewrite, rng);
  if (!messages.ok()) return messages.status();
  ChatRequest chat;
  chat.messages = std::move(*messages);
  chat.temperature = llm.temperature;
  chat.top_p = llm.top_p;
  chat.max_tokens = llm.max_tokens;
  chat.seed = static_cast<int64_t>(rng() & 0x7fffffff);  // 31 bits: every endpoint takes it

  MutationResult result;
  result.kind = full_rewrite ? "llm:rewrite" : "llm:diff";
  Result<ChatReply> reply = clients_[index]->Complete(chat);
  if (!reply.ok()) {
    // A reply that came back unusable (malformed, empty) costs one proposal; an
    // endpoint that refuses or stays down after the retries stops the run.
    if (reply.status().code() == StatusCode::kInternal) return Rejected(result, reply.status().message());
    return reply.status();
  }
  result.prompt_tokens = reply->prompt_tokens;
  result.completion_tokens = reply->completion_tokens;
  result.cost_usd = (static_cast<double>(reply->prompt_tokens) * model.input_price_per_mtok +
                     static_cast<double>(reply->completion_tokens) * model.output_price_per_mtok) /
                    1e6;
  spent_usd_ += result.cost_usd;

  const std::string& parent = request.parent->code;
  std::string child;
  std::string what;
  if (full_rewrite) {
    Result<std::string> rewritten = ApplyRewrite(parent, reply->content);
    if (!rewritten.ok())
      return Rejected(result, "the full rewrite was rejected: " + rewritten.status().message());
    child = std::move(*rewritten);
    what = "full rewrite of the EVOLVE-BLOCK regions";
  } else {
    Result<std::vector<SearchReplace>> blocks = ParseDiff(reply->content);
    if (!blocks.ok()) return Rejected(result, "the reply's diff is malformed: " + blocks.status().message());
    if (blocks->empty()) {
      return Rejected(result,
                      "the reply has no SEARCH/REPLACE block (expected <<<<<<< SEARCH ... ======= ... "
                      ">>>>>>> REPLACE)");
    }
    DiffOutcome outcome = ApplyDiff(parent, *blocks);
    if (outcome.applied == 0) {
      return Rejected(result, "no SEARCH/REPLACE block applied: " + Join(outcome.problems));
    }
    child = std::move(outcome.program);
    what = "applied " + std::to_string(outcome.applied) + " of " + std::to_string(blocks->size()) +
           " SEARCH/REPLACE blocks";
    if (!outcome.problems.empty()) what += " (" + Join(outcome.problems) + ")";
  }

  std::string where;
  if (!ChangedOnlyInsideBlocks(parent, child, &where)) {
    return Rejected(result,
                    "changed code outside the EVOLVE-BLOCK regions" + (where.empty() ? "" : ": " + where));
  }
  if (child == parent) return Rejected(result, "the child is identical to its parent");
  if (config_.max_code_length > 0 && child.size() > static_cast<size_t>(config_.max_code_length)) {
    return Rejected(result, "the child has " + std::to_string(child.size()) +
                                " characters, more than max_code_length (" +
                                std::to_string(config_.max_code_length) + ")");
  }
  result.ok = true;
  result.code = std::move(child);
  const std::string idea = ReplyIdea(reply->content);
  result.summary = OneLine(model.name + ": " + what + (idea.empty() ? "" : "; " + idea), kMaxSummaryChars);
  return result;
}

}  // namespace tv::evolve
