// A scripted OpenAI-compatible HTTP/1.1 server for tests. It listens on
// 127.0.0.1 on an ephemeral port in its own thread and answers each
// POST in order with the next scripted response (status, headers, body, an
// optional delay); a GET .../models is always answered 200 (the reachability
// check) without using the script. Every request is recorded. One connection
// at a time, "Connection: close".
//
//   FakeOpenAiServer server;
//   server.Enqueue(ErrorResponse(429, "slow down"));
//   server.Enqueue(ChatResponse("<<<<<<< SEARCH ..."));
//   config.llm.api_base = server.api_base();   // "http://127.0.0.1:PORT/v1"
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace tv::evolve::llm_test {

struct ScriptedResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Seconds to wait before answering. When the client hangs up meanwhile (its
  // timeout), the server drops the response and serves the next connection.
  double delay_s = 0;
};

struct RecordedRequest {
  std::string method;
  std::string path;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

// A 200 chat completion whose choices[0].message.content is `content`.
ScriptedResponse ChatResponse(const std::string& content, int64_t prompt_tokens = 100,
                              int64_t completion_tokens = 50);
// An OpenAI-style error: {"error": {"message": message, "type": "test"}}.
ScriptedResponse ErrorResponse(int status, const std::string& message);

class FakeOpenAiServer {
 public:
  // Binds and starts serving. Aborts the test binary when it cannot bind.
  FakeOpenAiServer();
  ~FakeOpenAiServer();
  FakeOpenAiServer(const FakeOpenAiServer&) = delete;
  FakeOpenAiServer& operator=(const FakeOpenAiServer&) = delete;

  void Enqueue(ScriptedResponse response);
  int port() const { return port_; }
  std::string api_base() const;  // "http://127.0.0.1:PORT/v1"
  std::vector<RecordedRequest> requests() const;
  // POST requests only (what the script answered).
  std::vector<RecordedRequest> chat_requests() const;

 private:
  void Serve();
  void HandleConnection(int fd);
  bool WaitUnlessClientLeaves(int fd, double seconds);

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::deque<ScriptedResponse> script_;
  std::vector<RecordedRequest> requests_;
  std::thread thread_;
};

// A port on 127.0.0.1 that nothing listens on (bound, then closed).
int ClosedLoopbackPort();

}  // namespace tv::evolve::llm_test
