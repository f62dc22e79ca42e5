#include "evolve/llm/chat_client.h"

#include <curl/curl.h>
#include <strings.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string_view>
#include <thread>

#include "evolve/llm/one_line.h"

namespace tv::evolve {
namespace {

constexpr double kMaxRetryAfterSeconds = 60;  // the longest Retry-After honoured
constexpr double kMaxConnectSeconds = 10;     // connecting never takes the whole llm.timeout
constexpr size_t kMaxQuotedChars = 300;       // of an error body quoted in a message

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// One HTTP request and what came back.
struct HttpExchange {
  CURLcode curl_code = CURLE_OK;
  std::string curl_error;  // curl's own words when curl_code != CURLE_OK
  long status = 0;         // HTTP status when curl_code == CURLE_OK
  std::string body;
  double retry_after_s = -1;  // the Retry-After header in seconds; < 0 when absent
};

size_t AppendBody(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

// Keeps a Retry-After given in seconds (an HTTP-date is ignored: the backoff applies).
size_t ReadHeader(char* data, size_t size, size_t count, void* user) {
  const std::string_view line(data, size * count);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size() && strncasecmp(line.data(), kName.data(), kName.size()) == 0) {
    const std::string value(line.substr(kName.size()));
    char* end = nullptr;
    const double seconds = std::strtod(value.c_str(), &end);
    if (end != value.c_str() && seconds >= 0) static_cast<HttpExchange*>(user)->retry_after_s = seconds;
  }
  return size * count;
}

struct CurlCleanup {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistCleanup {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

// GET `url` (post_body null) or POST `post_body` as JSON.
HttpExchange Perform(const std::string& url, const std::string* post_body, const std::string& api_key,
                     double timeout_s) {
  InitCurlOnce();
  HttpExchange exchange;
  std::unique_ptr<CURL, CurlCleanup> curl(curl_easy_init());
  if (!curl) {
    exchange.curl_code = CURLE_FAILED_INIT;
    exchange.curl_error = "curl_easy_init failed";
    return exchange;
  }
  curl_slist* list = curl_slist_append(nullptr, "Accept: application/json");
  list = curl_slist_append(list, "Expect:");  // no 100-continue round trip for large prompts
  if (post_body != nullptr) list = curl_slist_append(list, "Content-Type: application/json");
  if (!api_key.empty()) list = curl_slist_append(list, ("Authorization: Bearer " + api_key).c_str());
  std::unique_ptr<curl_slist, SlistCleanup> headers(list);

  const long timeout_ms = std::max(1L, std::lround(timeout_s * 1000));
  char error[CURL_ERROR_SIZE] = {};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   std::min(timeout_ms, std::lround(kMaxConnectSeconds * 1000)));
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &exchange.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, ReadHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &exchange);
  if (post_body != nullptr) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, post_body->c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post_body->size()));
  } else {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  }
  exchange.curl_code = curl_easy_perform(c);
  if (exchange.curl_code != CURLE_OK) {
    exchange.curl_error = error[0] != '\0' ? error : curl_easy_strerror(exchange.curl_code);
  } else {
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &exchange.status);
  }
  return exchange;
}

// Network failures worth another attempt (the endpoint may be busy or restarting).
bool IsTransient(CURLcode code) {
  return code == CURLE_OPERATION_TIMEDOUT || code == CURLE_COULDNT_CONNECT || code == CURLE_SEND_ERROR ||
         code == CURLE_RECV_ERROR || code == CURLE_GOT_NOTHING || code == CURLE_PARTIAL_FILE;
}

std::string ApiBase(const LlmModelConfig& model, const LlmConfig& llm) {
  std::string base = model.api_base.empty() ? llm.api_base : model.api_base;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

std::string ApiKey(const LlmModelConfig& model, const LlmConfig& llm) {
  return model.api_key.empty() ? llm.api_key : model.api_key;
}

// What an error body says: its JSON error.message (OpenAI's form), else the raw body; quoted, capped.
std::string QuotedError(const std::string& body) {
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  std::string text = body;
  if (json.is_object() && json.contains("error")) {
    const nlohmann::json& error = json["error"];
    if (error.is_string()) {
      text = error.get<std::string>();
    } else if (error.is_object() && error.contains("message") && error["message"].is_string()) {
      text = error["message"].get<std::string>();
    }
  }
  if (text.empty()) return "(empty body)";
  return "\"" + OneLine(text, kMaxQuotedChars) + "\"";
}

std::string FormatSeconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof(text), "%g", seconds);
  return text;
}

std::string Failure(const HttpExchange& exchange, double timeout_s) {
  if (exchange.curl_code == CURLE_OPERATION_TIMEDOUT) {
    return "timed out after " + FormatSeconds(timeout_s) + " s (" + exchange.curl_error + ")";
  }
  if (exchange.curl_code != CURLE_OK) return "curl error: " + exchange.curl_error;
  return "HTTP " + std::to_string(exchange.status) + ": " + QuotedError(exchange.body);
}

nlohmann::json RequestJson(const std::string& model, const ChatRequest& request) {
  nlohmann::json messages = nlohmann::json::array();
  for (const ChatMessage& message : request.messages) {
    messages.push_back({{"role", message.role}, {"content", message.content}});
  }
  nlohmann::json json = {{"model", model},
                         {"messages", std::move(messages)},
                         {"temperature", request.temperature},
                         {"top_p", request.top_p},
                         {"max_tokens", request.max_tokens}};
  if (request.seed >= 0) json["seed"] = request.seed;
  return json;
}

int64_t TokenCount(const nlohmann::json& usage, const char* key) {
  if (!usage.is_object() || !usage.contains(key)) return 0;
  const nlohmann::json& count = usage[key];
  if (count.is_number_integer()) return std::max<int64_t>(0, count.get<int64_t>());
  if (count.is_number_float() && count.get<double>() >= 0 && count.get<double>() < 1e15) {
    return static_cast<int64_t>(count.get<double>());
  }
  return 0;
}

// choices[0].message.content, the usage and the model of a 2xx body; the Status says what is wrong.
Result<ChatReply> ParseReply(const std::string& body, const std::string& model) {
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) {
    return Status::Internal("the reply is not a JSON object: \"" + OneLine(body, kMaxQuotedChars) + "\"");
  }
  const nlohmann::json* content = nullptr;
  if (json.contains("choices") && json["choices"].is_array() && !json["choices"].empty()) {
    const nlohmann::json& choice = json["choices"][0];
    if (choice.is_object() && choice.contains("message") && choice["message"].is_object() &&
        choice["message"].contains("content")) {
      content = &choice["message"]["content"];
    }
  }
  if (content == nullptr) {
    return Status::Internal("the reply has no choices[0].message.content: \"" +
                            OneLine(body, kMaxQuotedChars) + "\"");
  }
  if (!content->is_string() ||
      content->get<std::string>().find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::Internal("the reply is empty (choices[0].message.content has no text)");
  }
  ChatReply reply;
  reply.content = content->get<std::string>();
  reply.model =
      json.contains("model") && json["model"].is_string() ? json["model"].get<std::string>() : model;
  if (json.contains("usage")) {
    reply.prompt_tokens = TokenCount(json["usage"], "prompt_tokens");
    reply.completion_tokens = TokenCount(json["usage"], "completion_tokens");
  }
  return reply;
}

// A non-retryable HTTP status: the configuration is wrong, so say what to check.
Status HttpError(const HttpExchange& exchange, const std::string& prefix, const std::string& api_key) {
  std::string message = prefix + " failed: " + Failure(exchange, 0);
  if (exchange.status == 401 || exchange.status == 403) {
    message += api_key.empty() ? "; no API key is set: set llm.api_key (is the environment variable it "
                                 "names, e.g. ${OPENAI_API_KEY}, set?)"
                               : "; check llm.api_key (or the model's api_key)";
    return Status::InvalidArgument(message);
  }
  if (exchange.status == 404) {
    return Status::NotFound(message + "; check llm.api_base and the model name");
  }
  return Status::InvalidArgument(message);
}

}  // namespace

HttpChatClient::HttpChatClient(const LlmModelConfig& model, const LlmConfig& llm)
    : model_(model), llm_(llm) {}

Result<ChatReply> HttpChatClient::Complete(const ChatRequest& request) {
  const std::string url = ApiBase(model_, llm_) + "/chat/completions";
  const std::string api_key = ApiKey(model_, llm_);
  const std::string prefix = "the LLM request to " + url + " (model " + model_.name + ")";
  // Invalid UTF-8 (a truncated artifact) is replaced, never a throw.
  const std::string body =
      RequestJson(model_.name, request).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const int max_attempts = 1 + std::max(0, llm_.retries);
  const auto start = std::chrono::steady_clock::now();
  for (int attempt = 1;; ++attempt) {
    const HttpExchange exchange = Perform(url, &body, api_key, llm_.timeout_s);
    if (exchange.curl_code == CURLE_OK && exchange.status >= 200 && exchange.status < 300) {
      Result<ChatReply> reply = ParseReply(exchange.body, model_.name);
      if (!reply.ok()) return Status::Internal(prefix + " failed: " + reply.status().message());
      reply->attempts = attempt;
      reply->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      return reply;
    }
    const bool retryable = exchange.curl_code != CURLE_OK ? IsTransient(exchange.curl_code)
                                                          : exchange.status == 429 || exchange.status >= 500;
    if (!retryable) {
      if (exchange.curl_code == CURLE_OK) return HttpError(exchange, prefix, api_key);
      return Status::Unavailable(prefix + " failed: " + Failure(exchange, llm_.timeout_s) +
                                 "; check llm.api_base");
    }
    if (attempt >= max_attempts) {
      return Status::Unavailable(prefix + " failed after " + std::to_string(attempt) +
                                 " attempts: " + Failure(exchange, llm_.timeout_s) +
                                 "; the endpoint is down or overloaded: try again later (--resume "
                                 "continues the run), or raise llm.retries / llm.timeout (now " +
                                 FormatSeconds(llm_.timeout_s) + " s)");
    }
    const double delay_s = exchange.retry_after_s >= 0
                               ? std::min(exchange.retry_after_s, kMaxRetryAfterSeconds)
                               : llm_.retry_delay_s * std::ldexp(1.0, attempt - 1);
    std::this_thread::sleep_for(std::chrono::duration<double>(std::max(0.0, delay_s)));
  }
}

Status CheckReachable(const LlmModelConfig& model, const LlmConfig& llm, double timeout_s) {
  const std::string base = ApiBase(model, llm);
  const HttpExchange exchange = Perform(base + "/models", nullptr, ApiKey(model, llm), timeout_s);
  if (exchange.curl_code == CURLE_OK) return Status::Ok();
  return Status::Unavailable("cannot reach the LLM endpoint " + base + " (model " + model.name +
                             "): " + Failure(exchange, timeout_s) +
                             ". Check llm.api_base and that the server is running, or evolve without an "
                             "LLM: set `mutator: {kind: offline}` in the config");
}

}  // namespace tv::evolve
