// An OpenAI-compatible chat-completions client over HTTP(S) (libcurl):
// POST {api_base}/chat/completions with {model, messages, temperature, top_p,
// max_tokens, seed}, bearer api_key. Retries 429, 5xx and timeouts with
// exponential backoff (retry_delay_s, doubled each time, honouring a
// Retry-After header up to 60 s); any other HTTP error, a malformed body or an
// empty reply is returned at once with a message naming the endpoint, the
// model and the status.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "evolve/config/evolve_config.h"

namespace tv::evolve {

struct ChatMessage {
  std::string role;  // "system", "user", "assistant"
  std::string content;
};

struct ChatReply {
  std::string content;
  std::string model;  // as the endpoint reports it
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  int attempts = 0;  // 1 + retries used
  double seconds = 0;
};

struct ChatRequest {
  std::vector<ChatMessage> messages;
  double temperature = 0.7;
  double top_p = 0.95;
  int max_tokens = 4096;
  int64_t seed = -1;  // < 0: not sent
};

class ChatClient {
 public:
  virtual ~ChatClient() = default;
  virtual Result<ChatReply> Complete(const ChatRequest& request) = 0;
};

// The libcurl client for one model. `retries` and timeouts from `llm`.
class HttpChatClient final : public ChatClient {
 public:
  HttpChatClient(const LlmModelConfig& model, const LlmConfig& llm);
  Result<ChatReply> Complete(const ChatRequest& request) override;

 private:
  LlmModelConfig model_;
  LlmConfig llm_;
};

// Checks that the model's endpoint answers at all (a GET {api_base}/models with
// a short timeout, any HTTP status counts as reachable): a config naming an LLM
// that cannot be reached fails within seconds, naming the endpoint and
// suggesting `mutator: {kind: offline}`.
Status CheckReachable(const LlmModelConfig& model, const LlmConfig& llm, double timeout_s = 5);

}  // namespace tv::evolve
