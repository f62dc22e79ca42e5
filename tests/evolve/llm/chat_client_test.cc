#include "evolve/llm/chat_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "fake_openai_server.h"

namespace tv::evolve {
namespace {

using llm_test::ChatResponse;
using llm_test::ErrorResponse;
using llm_test::FakeOpenAiServer;
using llm_test::ScriptedResponse;
using ::testing::HasSubstr;
using ::testing::Not;

LlmModelConfig Model(const std::string& name = "test-model") {
  LlmModelConfig model;
  model.name = name;
  return model;
}

// Tiny delays: retries must not slow the tests down.
LlmConfig FastLlm(const std::string& api_base) {
  LlmConfig llm;
  llm.api_base = api_base;
  llm.api_key = "sk-test";
  llm.timeout_s = 20;
  llm.retries = 2;
  llm.retry_delay_s = 0.01;
  return llm;
}

ChatRequest Hello() {
  ChatRequest request;
  request.messages = {{"system", "be brief"}, {"user", "hello"}};
  request.temperature = 0.3;
  request.top_p = 0.9;
  request.max_tokens = 123;
  request.seed = 77;
  return request;
}

TEST(HttpChatClient, ReturnsContentUsageAndModelOfAGoodReply) {
  FakeOpenAiServer server;
  server.Enqueue(ChatResponse("the answer", 321, 45));
  HttpChatClient client(Model(), FastLlm(server.api_base()));
  Result<ChatReply> reply = client.Complete(Hello());
  ASSERT_TRUE(reply.ok()) << reply.status().message();
  EXPECT_EQ(reply->content, "the answer");
  EXPECT_EQ(reply->model, "fake-served-model");
  EXPECT_EQ(reply->prompt_tokens, 321);
  EXPECT_EQ(reply->completion_tokens, 45);
  EXPECT_EQ(reply->attempts, 1);
}

TEST(HttpChatClient, PostsTheOpenAiRequestBodyWithBearerKey) {
  FakeOpenAiServer server;
  server.Enqueue(ChatResponse("ok"));
  HttpChatClient client(Model("my-model"), FastLlm(server.api_base() + "/"));  // trailing slash is fine
  ASSERT_TRUE(client.Complete(Hello()).ok());
  const auto requests = server.chat_requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].path, "/v1/chat/completions");
  EXPECT_EQ(requests[0].headers.at("authorization"), "Bearer sk-test");
  EXPECT_THAT(requests[0].headers.at("content-type"), HasSubstr("application/json"));
  const nlohmann::json body = nlohmann::json::parse(requests[0].body);
  EXPECT_EQ(body["model"], "my-model");
  EXPECT_DOUBLE_EQ(body["temperature"].get<double>(), 0.3);
  EXPECT_DOUBLE_EQ(body["top_p"].get<double>(), 0.9);
  EXPECT_EQ(body["max_tokens"], 123);
  EXPECT_EQ(body["seed"], 77);
  ASSERT_EQ(body["messages"].size(), 2u);
  EXPECT_EQ(body["messages"][0]["role"], "system");
  EXPECT_EQ(body["messages"][1]["content"], "hello");
}

TEST(HttpChatClient, OmitsSeedWhenNegativeAndAuthorizationWhenNoKey) {
  FakeOpenAiServer server;
  server.Enqueue(ChatResponse("ok"));
  LlmConfig llm = FastLlm(server.api_base());
  llm.api_key = "";
  HttpChatClient client(Model(), llm);
  ChatRequest request = Hello();
  request.seed = -1;
  ASSERT_TRUE(client.Complete(request).ok());
  const auto requests = server.chat_requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_FALSE(requests[0].headers.contains("authorization"));
  EXPECT_FALSE(nlohmann::json::parse(requests[0].body).contains("seed"));
}

TEST(HttpChatClient, PerModelEndpointAndKeyOverrideTheLlmOnes) {
  FakeOpenAiServer server;
  server.Enqueue(ChatResponse("ok"));
  LlmModelConfig model = Model();
  model.api_base = server.api_base();
  model.api_key = "sk-model";
  LlmConfig llm = FastLlm("http://127.0.0.1:" + std::to_string(llm_test::ClosedLoopbackPort()) + "/v1");
  HttpChatClient client(model, llm);
  ASSERT_TRUE(client.Complete(Hello()).ok());
  EXPECT_EQ(server.chat_requests().at(0).headers.at("authorization"), "Bearer sk-model");
}

TEST(HttpChatClient, Retries429ThenSucceeds) {
  FakeOpenAiServer server;
  server.Enqueue(ErrorResponse(429, "rate limited"));
  server.Enqueue(ChatResponse("after the wait"));
  HttpChatClient client(Model(), FastLlm(server.api_base()));
  Result<ChatReply> reply = client.Complete(Hello());
  ASSERT_TRUE(reply.ok()) << reply.status().message();
  EXPECT_EQ(reply->content, "after the wait");
  EXPECT_EQ(reply->attempts, 2);
  EXPECT_EQ(server.chat_requests().size(), 2u);
}

TEST(HttpChatClient, Retries500ThenSucceeds) {
  FakeOpenAiServer server;
  server.Enqueue(ErrorResponse(500, "boom"));
  server.Enqueue(ChatResponse("recovered"));
  HttpChatClient client(Model(), FastLlm(server.api_base()));
  Result<ChatReply> reply = client.Complete(Hello());
  ASSERT_TRUE(reply.ok()) << reply.status().message();
  EXPECT_EQ(reply->content, "recovered");
  EXPECT_EQ(reply->attempts, 2);
}

TEST(HttpChatClient, HonoursRetryAfterOverTheBackoff) {
  FakeOpenAiServer server;
  ScriptedResponse busy = ErrorResponse(429, "busy");
  busy.headers.push_back({"Retry-After", "0"});
  server.Enqueue(busy);
  server.Enqueue(ChatResponse("ok"));
  LlmConfig llm = FastLlm(server.api_base());
  llm.retry_delay_s = 60;  // ignoring Retry-After would wait a minute
  HttpChatClient client(Model(), llm);
  Result<ChatReply> reply = client.Complete(Hello());
  ASSERT_TRUE(reply.ok()) << reply.status().message();
  EXPECT_EQ(reply->attempts, 2);
  EXPECT_LT(reply->seconds, 50);  // only a client that slept the 60 s backoff fails this
}

TEST(HttpChatClient, ExhaustedRetriesNameEndpointModelAndStatus) {
  FakeOpenAiServer server;
  for (int i = 0; i < 3; ++i) server.Enqueue(ErrorResponse(503, "overloaded"));
  HttpChatClient client(Model("busy-model"), FastLlm(server.api_base()));
  Result<ChatReply> reply = client.Complete(Hello());
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(reply.status().message(), HasSubstr(server.api_base() + "/chat/completions"));
  EXPECT_THAT(reply.status().message(), HasSubstr("busy-model"));
  EXPECT_THAT(reply.status().message(), HasSubstr("HTTP 503"));
  EXPECT_THAT(reply.status().message(), HasSubstr("\"overloaded\""));
  EXPECT_THAT(reply.status().message(), HasSubstr("3 attempts"));
  EXPECT_EQ(server.chat_requests().size(), 3u);  // 1 + retries
}

TEST(HttpChatClient, Unauthorized401IsNotRetriedAndSaysWhatToCheck) {
  FakeOpenAiServer server;
  server.Enqueue(ErrorResponse(401, "Incorrect API key provided"));
  server.Enqueue(ChatResponse("never served"));
  HttpChatClient client(Model("gpt-test"), FastLlm(server.api_base()));
  Result<ChatReply> reply = client.Complete(Hello());
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), StatusCode::kInvalidArgument);
  const std::string& message = reply.status().message();
  EXPECT_THAT(message, HasSubstr(server.api_base()));
  EXPECT_THAT(message, HasSubstr("gpt-test"));
  EXPECT_THAT(message, HasSubstr("HTTP 401"));
  EXPECT_THAT(message, HasSubstr("\"Incorrect API key provided\""));
  EXPECT_THAT(message, HasSubstr("llm.api_key"));
  EXPECT_EQ(server.chat_requests().size(), 1u);
}

TEST(HttpChatClient, UnauthorizedWithoutKeySaysNoKeyIsSet) {
  FakeOpenAiServer server;
  server.Enqueue(ErrorResponse(401, "missing key"));
  LlmConfig llm = FastLlm(server.api_base());
  llm.api_key = "";
  HttpChatClient client(Model(), llm);
  Result<ChatReply> reply = client.Complete(Hello());
  ASSERT_FALSE(reply.ok());
  EXPECT_THAT(reply.status().message(), HasSubstr("no API key is set"));
}

TEST(HttpChatClient, NotFound404IsNotRetried) {
  FakeOpenAiServer server;
  server.Enqueue(ErrorResponse(404, "The model `nope` does not exist"));
  HttpChatClient client(Model("nope"), FastLlm(server.api_base()));
  Result<ChatReply> reply = client.Complete(Hello());
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(reply.status().message(), HasSubstr("does not exist"));
  EXPECT_EQ(server.chat_requests().size(), 1u);
}

TEST(HttpChatClient, LongErrorBodiesAreCapped) {
  FakeOpenAiServer server;
  server.Enqueue(ErrorResponse(400, std::string(100000, 'x')));
  HttpChatClient client(Model(), FastLlm(server.api_base()));
  Result<ChatReply> reply = client.Complete(Hello());
  ASSERT_FALSE(reply.ok());
  EXPECT_LT(reply.status().message().size(), 1000u);
}

TEST(HttpChatClient, NonJsonErrorBodyIsQuotedRaw) {
  FakeOpenAiServer server;
  server.Enqueue(ScriptedResponse{400, {{"Content-Type", "text/plain"}}, "plain words\nof failure", 0});
  HttpChatClient client(Model(), FastLlm(server.api_base()));
  Result<ChatReply> reply = client.Complete(Hello());
  ASSERT_FALSE(reply.ok());
  EXPECT_THAT(reply.status().message(), HasSubstr("\"plain words of failure\""));
}

TEST(HttpChatClient, MalformedJsonBodyIsAnErrorAtOnce) {
  FakeOpenAiServer server;
  server.Enqueue(ScriptedResponse{200, {}, "{\"choices\": [ this is not json", 0});
  HttpChatClient client(Model("m"), FastLlm(server.api_base()));
  Result<ChatReply> reply = client.Complete(Hello());
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), StatusCode::kInternal);
  EXPECT_THAT(reply.status().message(), HasSubstr("not a JSON object"));
  EXPECT_THAT(reply.status().message(), HasSubstr(server.api_base()));
  EXPECT_EQ(server.chat_requests().size(), 1u);
}

TEST(HttpChatClient, ReplyWithoutChoicesIsAnError) {
  FakeOpenAiServer server;
  server.Enqueue(ScriptedResponse{200, {}, R"({"id": "x", "choices": []})", 0});
  HttpChatClient client(Model(), FastLlm(server.api_base()));
  Result<ChatReply> reply = client.Complete(Hello());
  ASSERT_FALSE(reply.ok());
  EXPECT_THAT(reply.status().message(), HasSubstr("choices[0].message.content"));
}

TEST(HttpChatClient, EmptyContentIsAnError) {
  FakeOpenAiServer server;
  server.Enqueue(ChatResponse("  \n"));
  server.Enqueue(
      ScriptedResponse{200, {}, R"({"choices": [{"message": {"role": "assistant", "content": null}}]})", 0});
  HttpChatClient client(Model(), FastLlm(server.api_base()));
  for (int i = 0; i < 2; ++i) {
    Result<ChatReply> reply = client.Complete(Hello());
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.status().code(), StatusCode::kInternal);
    EXPECT_THAT(reply.status().message(), HasSubstr("empty"));
  }
}

TEST(HttpChatClient, SlowReplyBeyondTheTimeoutIsRetried) {
  FakeOpenAiServer server;
  ScriptedResponse slow = ChatResponse("too late");
  slow.delay_s = 30;  // the server gives up as soon as the client hangs up
  server.Enqueue(slow);
  server.Enqueue(ChatResponse("in time"));
  LlmConfig llm = FastLlm(server.api_base());
  llm.timeout_s = 0.5;
  HttpChatClient client(Model(), llm);
  Result<ChatReply> reply = client.Complete(Hello());
  ASSERT_TRUE(reply.ok()) << reply.status().message();
  EXPECT_EQ(reply->content, "in time");
  EXPECT_EQ(reply->attempts, 2);
}

TEST(HttpChatClient, SlowRepliesExhaustTheRetries) {
  FakeOpenAiServer server;
  for (int i = 0; i < 2; ++i) {
    ScriptedResponse slow = ChatResponse("too late");
    slow.delay_s = 30;
    server.Enqueue(slow);
  }
  LlmConfig llm = FastLlm(server.api_base());
  llm.timeout_s = 0.3;
  llm.retries = 1;
  HttpChatClient client(Model("slow-model"), llm);
  Result<ChatReply> reply = client.Complete(Hello());
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(reply.status().message(), HasSubstr("timed out"));
  EXPECT_THAT(reply.status().message(), HasSubstr("slow-model"));
  EXPECT_THAT(reply.status().message(), HasSubstr("2 attempts"));
  EXPECT_EQ(server.chat_requests().size(), 2u);
}

TEST(HttpChatClient, ClosedPortFailsAfterRetriesNamingTheEndpoint) {
  const std::string base = "http://127.0.0.1:" + std::to_string(llm_test::ClosedLoopbackPort()) + "/v1";
  HttpChatClient client(Model(), FastLlm(base));
  Result<ChatReply> reply = client.Complete(Hello());
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(reply.status().message(), HasSubstr(base + "/chat/completions"));
}

TEST(CheckReachable, AnswersOkForAServerThatAnswers) {
  FakeOpenAiServer server;
  EXPECT_TRUE(CheckReachable(Model(), FastLlm(server.api_base()), 5).ok());
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].path, "/v1/models");
  EXPECT_TRUE(server.chat_requests().empty());
}

TEST(CheckReachable, ClosedPortFailsFastNamingTheEndpointAndTheOfflineMutator) {
  const std::string base = "http://127.0.0.1:" + std::to_string(llm_test::ClosedLoopbackPort()) + "/v1";
  Status status = CheckReachable(Model("far-model"), FastLlm(base), 5);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_THAT(status.message(), HasSubstr(base));
  EXPECT_THAT(status.message(), HasSubstr("far-model"));
  EXPECT_THAT(status.message(), HasSubstr("mutator: {kind: offline}"));
  EXPECT_THAT(status.message(), Not(HasSubstr("/chat/completions")));
}

}  // namespace
}  // namespace tv::evolve
