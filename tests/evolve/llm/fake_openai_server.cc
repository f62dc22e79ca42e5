#include "fake_openai_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

namespace tv::evolve::llm_test {
namespace {

constexpr int kPollMs = 20;                   // how often the threads look at the stop flag
constexpr int kRequestReadTimeoutMs = 10000;  // a client that sends nothing for this long is dropped

[[noreturn]] void Die(const char* what) {
  std::perror(what);
  std::abort();
}

int BoundLoopbackSocket(int* port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) Die("socket");
  const int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) Die("bind");
  socklen_t length = sizeof(address);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) Die("getsockname");
  *port = ntohs(address.sin_port);
  return fd;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

const char* Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 404:
      return "Not Found";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

void SendAll(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;  // the client left
    sent += static_cast<size_t>(n);
  }
}

// Reads one request (headers, then Content-Length bytes of body). False when
// the client left or sent nothing parsable.
bool ReadRequest(int fd, RecordedRequest* request) {
  std::string data;
  size_t header_end = std::string::npos;
  size_t body_length = 0;
  char buffer[8192];
  while (true) {
    if (header_end != std::string::npos && data.size() >= header_end + 4 + body_length) break;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, kRequestReadTimeoutMs) <= 0) return false;
    const ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) return false;
    data.append(buffer, static_cast<size_t>(n));
    if (header_end == std::string::npos) {
      header_end = data.find("\r\n\r\n");
      if (header_end == std::string::npos) continue;
      size_t line_end = data.find("\r\n");
      const std::string request_line = data.substr(0, line_end);
      const size_t space1 = request_line.find(' ');
      const size_t space2 = request_line.find(' ', space1 + 1);
      if (space1 == std::string::npos || space2 == std::string::npos) return false;
      request->method = request_line.substr(0, space1);
      request->path = request_line.substr(space1 + 1, space2 - space1 - 1);
      while (line_end < header_end) {
        const size_t next = data.find("\r\n", line_end + 2);
        const std::string line = data.substr(line_end + 2, next - line_end - 2);
        const size_t colon = line.find(':');
        if (colon != std::string::npos) {
          const size_t value = line.find_first_not_of(' ', colon + 1);
          request->headers[Lower(line.substr(0, colon))] =
              value == std::string::npos ? "" : line.substr(value);
        }
        line_end = next;
      }
      const auto length = request->headers.find("content-length");
      if (length != request->headers.end()) body_length = std::strtoull(length->second.c_str(), nullptr, 10);
    }
  }
  request->body = data.substr(header_end + 4, body_length);
  return true;
}

std::string Serialize(const ScriptedResponse& response) {
  std::string out = "HTTP/1.1 " + std::to_string(response.status) + " " + Reason(response.status) + "\r\n";
  bool has_content_type = false;
  for (const auto& [name, value] : response.headers) {
    has_content_type = has_content_type || Lower(name) == "content-type";
    out += name + ": " + value + "\r\n";
  }
  if (!has_content_type) out += "Content-Type: application/json\r\n";
  out += "Content-Length: " + std::to_string(response.body.size()) + "\r\nConnection: close\r\n\r\n";
  return out + response.body;
}

}  // namespace

ScriptedResponse ChatResponse(const std::string& content, int64_t prompt_tokens, int64_t completion_tokens) {
  const nlohmann::json body = {{"id", "chatcmpl-test"},
                               {"object", "chat.completion"},
                               {"model", "fake-served-model"},
                               {"choices",
                                {{{"index", 0},
                                  {"message", {{"role", "assistant"}, {"content", content}}},
                                  {"finish_reason", "stop"}}}},
                               {"usage",
                                {{"prompt_tokens", prompt_tokens},
                                 {"completion_tokens", completion_tokens},
                                 {"total_tokens", prompt_tokens + completion_tokens}}}};
  return ScriptedResponse{200, {}, body.dump(), 0};
}

ScriptedResponse ErrorResponse(int status, const std::string& message) {
  const nlohmann::json body = {{"error", {{"message", message}, {"type", "test"}}}};
  return ScriptedResponse{status, {}, body.dump(), 0};
}

FakeOpenAiServer::FakeOpenAiServer() {
  // libcurl would send loopback requests through an http_proxy of the environment.
  setenv("no_proxy", "127.0.0.1,localhost", 1);
  setenv("NO_PROXY", "127.0.0.1,localhost", 1);
  listen_fd_ = BoundLoopbackSocket(&port_);
  if (listen(listen_fd_, 16) != 0) Die("listen");
  thread_ = std::thread([this] { Serve(); });
}

FakeOpenAiServer::~FakeOpenAiServer() {
  stop_ = true;
  thread_.join();
  close(listen_fd_);
}

void FakeOpenAiServer::Enqueue(ScriptedResponse response) {
  std::lock_guard<std::mutex> lock(mutex_);
  script_.push_back(std::move(response));
}

std::string FakeOpenAiServer::api_base() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }

std::vector<RecordedRequest> FakeOpenAiServer::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

std::vector<RecordedRequest> FakeOpenAiServer::chat_requests() const {
  std::vector<RecordedRequest> posts;
  for (RecordedRequest& request : requests()) {
    if (request.method == "POST") posts.push_back(std::move(request));
  }
  return posts;
}

void FakeOpenAiServer::Serve() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (poll(&p, 1, kPollMs) <= 0) continue;
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    HandleConnection(fd);
    close(fd);
  }
}

void FakeOpenAiServer::HandleConnection(int fd) {
  RecordedRequest request;
  if (!ReadRequest(fd, &request)) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.push_back(request);
  }
  if (request.method == "GET") {
    SendAll(fd, Serialize(ScriptedResponse{200, {}, R"({"object":"list","data":[]})", 0}));
    return;
  }
  ScriptedResponse response = ErrorResponse(500, "the fake server has no scripted response left");
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!script_.empty()) {
      response = std::move(script_.front());
      script_.pop_front();
    }
  }
  if (response.delay_s > 0 && !WaitUnlessClientLeaves(fd, response.delay_s)) return;
  SendAll(fd, Serialize(response));
}

bool FakeOpenAiServer::WaitUnlessClientLeaves(int fd, double seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (stop_) return false;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, kPollMs) > 0) {
      char buffer[512];
      if (recv(fd, buffer, sizeof(buffer), 0) <= 0) return false;  // hung up
    }
  }
  return true;
}

int ClosedLoopbackPort() {
  int port = 0;
  const int fd = BoundLoopbackSocket(&port);
  close(fd);
  return port;
}

}  // namespace tv::evolve::llm_test
