#include "evolve/llm/llm_mutator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "fake_openai_server.h"
#include "test_programs.h"

namespace tv::evolve {
namespace {

using llm_test::ChatResponse;
using llm_test::ErrorResponse;
using llm_test::FakeOpenAiServer;
using llm_test::kParentCode;
using llm_test::ScriptedResponse;
using ::testing::HasSubstr;
using ::testing::Not;

std::string Diff(const std::string& search, const std::string& replace) {
  return "<<<<<<< SEARCH\n" + search + "\n=======\n" + replace + "\n>>>>>>> REPLACE\n";
}

std::string Replaced(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// The LLM mutator against the fake OpenAI server, one model priced at $1 per
// million prompt tokens and $2 per million completion tokens.
class LlmMutatorTest : public ::testing::Test {
 protected:
  LlmMutatorTest() {
    config_.llm.api_base = server_.api_base();
    config_.llm.api_key = "sk-test";
    config_.llm.timeout_s = 20;
    config_.llm.retries = 2;
    config_.llm.retry_delay_s = 0.01;
    config_.llm.temperature = 0.42;
    config_.llm.top_p = 0.8;
    config_.llm.max_tokens = 777;
    LlmModelConfig model;
    model.name = "test-model";
    model.input_price_per_mtok = 1.0;
    model.output_price_per_mtok = 2.0;
    config_.llm.models = {model};
  }

  LlmMutator MakeMutator() {
    std::vector<std::unique_ptr<ChatClient>> clients;
    for (const LlmModelConfig& model : config_.llm.models) {
      clients.push_back(std::make_unique<HttpChatClient>(model, config_.llm));
    }
    return LlmMutator(config_, std::move(clients));
  }

  // One proposal on a fresh mutator; asserts that the Status is ok.
  MutationResult ProposeOnce(const ScriptedResponse& response, uint64_t seed = 1) {
    server_.Enqueue(response);
    LlmMutator mutator = MakeMutator();
    Rng rng(seed);
    Result<MutationResult> result = mutator.Propose(request_, rng);
    EXPECT_TRUE(result.ok()) << result.status().message();
    return result.ok() ? *result : MutationResult{};
  }

  FakeOpenAiServer server_;
  EvolveConfig config_;
  ProgramRecord parent_ = llm_test::MakeParent();
  MutationRequest request_{.parent = &parent_};
};

TEST_F(LlmMutatorTest, GoodDiffMakesTheChild) {
  const MutationResult result = ProposeOnce(
      ChatResponse("Raise kc so a B panel fills L1.\n\n" + Diff("  tiles.kc = 128;", "  tiles.kc = 256;")));
  ASSERT_TRUE(result.ok) << result.summary;
  EXPECT_EQ(result.code, Replaced(kParentCode, "tiles.kc = 128;", "tiles.kc = 256;"));
  EXPECT_EQ(result.kind, "llm:diff");
  EXPECT_THAT(result.summary, HasSubstr("test-model"));
  EXPECT_THAT(result.summary, HasSubstr("applied 1 of 1"));
  EXPECT_THAT(result.summary, HasSubstr("Raise kc so a B panel fills L1."));
}

TEST_F(LlmMutatorTest, PartlyAppliedDiffKeepsWhatAppliedAndSaysWhatDidNot) {
  const MutationResult result = ProposeOnce(ChatResponse(Diff("  tiles.kc = 128;", "  tiles.kc = 256;") +
                                                         Diff("  tiles.kc = 999;", "  tiles.kc = 1;")));
  ASSERT_TRUE(result.ok) << result.summary;
  EXPECT_THAT(result.code, HasSubstr("tiles.kc = 256;"));
  EXPECT_THAT(result.summary, HasSubstr("applied 1 of 2"));
  EXPECT_THAT(result.summary, HasSubstr("block 2"));
}

TEST_F(LlmMutatorTest, DiffOutsideTheBlockIsRejected) {
  const MutationResult result = ProposeOnce(
      ChatResponse(Diff("static const int kOutsideConstant = 7;", "static const int kOutsideConstant = 8;")));
  EXPECT_FALSE(result.ok);
  EXPECT_TRUE(result.code.empty());
  EXPECT_THAT(result.summary, HasSubstr("outside"));
  EXPECT_THAT(result.summary, HasSubstr("block 1"));
}

TEST_F(LlmMutatorTest, DiffThatMovesTheMarkersIsRejected) {
  const MutationResult result = ProposeOnce(
      ChatResponse(Diff("  return tiles;\n}",
                        "  return tiles;\n}\n// EVOLVE-BLOCK-END\nint injected;\n// EVOLVE-BLOCK-START")));
  EXPECT_FALSE(result.ok);
  EXPECT_THAT(result.summary, HasSubstr("EVOLVE-BLOCK"));
}

TEST_F(LlmMutatorTest, NonMatchingSearchIsReportedNotSkipped) {
  const MutationResult result = ProposeOnce(ChatResponse(Diff("  tiles.kc = 999;", "  tiles.kc = 1;")));
  EXPECT_FALSE(result.ok);
  EXPECT_THAT(result.summary, HasSubstr("no SEARCH/REPLACE block applied"));
  EXPECT_THAT(result.summary, HasSubstr("block 1"));
  EXPECT_THAT(result.summary, HasSubstr("not found"));
}

TEST_F(LlmMutatorTest, ReplyWithoutBlocksIsRejected) {
  const MutationResult result = ProposeOnce(ChatResponse("The program looks optimal to me."));
  EXPECT_FALSE(result.ok);
  EXPECT_THAT(result.summary, HasSubstr("no SEARCH/REPLACE block"));
}

TEST_F(LlmMutatorTest, MalformedDiffIsRejected) {
  const MutationResult result =
      ProposeOnce(ChatResponse("<<<<<<< SEARCH\n  tiles.kc = 128;\n>>>>>>> REPLACE\n"));
  EXPECT_FALSE(result.ok);
  EXPECT_THAT(result.summary, HasSubstr("malformed"));
}

TEST_F(LlmMutatorTest, IdenticalChildIsRejected) {
  const MutationResult result = ProposeOnce(ChatResponse(Diff("  tiles.kc = 128;", "  tiles.kc = 128;")));
  EXPECT_FALSE(result.ok);
  EXPECT_THAT(result.summary, HasSubstr("identical to its parent"));
}

TEST_F(LlmMutatorTest, ChildLongerThanMaxCodeLengthIsRejected) {
  config_.max_code_length = static_cast<int>(kParentCode.size()) + 10;
  const MutationResult result =
      ProposeOnce(ChatResponse(Diff("  tiles.kc = 128;", "  tiles.kc = 128;  // " + std::string(100, 'x'))));
  EXPECT_FALSE(result.ok);
  EXPECT_THAT(result.summary, HasSubstr("max_code_length"));
}

TEST_F(LlmMutatorTest, FullRewriteKeepsTheCodeOutsideTheBlocks) {
  config_.diff_based_evolution = false;
  const std::string rewritten = Replaced(Replaced(kParentCode, "tiles.kc = 128;", "tiles.kc = 512;"),
                                         "kOutsideConstant = 7", "kOutsideConstant = 9");
  const MutationResult result = ProposeOnce(ChatResponse("A deeper kc.\n```cpp\n" + rewritten + "```\n"));
  ASSERT_TRUE(result.ok) << result.summary;
  EXPECT_EQ(result.kind, "llm:rewrite");
  EXPECT_EQ(result.code, Replaced(kParentCode, "tiles.kc = 128;", "tiles.kc = 512;"));
  EXPECT_THAT(result.summary, HasSubstr("A deeper kc."));
  const nlohmann::json body = nlohmann::json::parse(server_.chat_requests().at(0).body);
  EXPECT_THAT(body["messages"][1]["content"].get<std::string>(), HasSubstr("complete new program"));
}

TEST_F(LlmMutatorTest, RewriteWithoutCodeBlockIsRejected) {
  config_.diff_based_evolution = false;
  const MutationResult result = ProposeOnce(ChatResponse("I would raise kc."));
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.kind, "llm:rewrite");
  EXPECT_THAT(result.summary, HasSubstr("full rewrite was rejected"));
}

TEST_F(LlmMutatorTest, MalformedJsonBodyIsARejectionNotAStop) {
  const MutationResult result = ProposeOnce(ScriptedResponse{200, {}, "{ not json", 0});
  EXPECT_FALSE(result.ok);
  EXPECT_THAT(result.summary, HasSubstr("not a JSON object"));
  EXPECT_EQ(result.cost_usd, 0);
}

TEST_F(LlmMutatorTest, EmptyContentIsARejection) {
  const MutationResult result = ProposeOnce(ChatResponse(""));
  EXPECT_FALSE(result.ok);
  EXPECT_THAT(result.summary, HasSubstr("empty"));
}

TEST_F(LlmMutatorTest, RetriesTransientFailuresThenUsesTheReply) {
  server_.Enqueue(ErrorResponse(429, "slow down"));
  server_.Enqueue(ErrorResponse(500, "oops"));
  const MutationResult result = ProposeOnce(ChatResponse(Diff("  tiles.kc = 128;", "  tiles.kc = 192;")));
  EXPECT_TRUE(result.ok) << result.summary;
  EXPECT_EQ(server_.chat_requests().size(), 3u);
}

TEST_F(LlmMutatorTest, UnauthorizedStopsTheRun) {
  server_.Enqueue(ErrorResponse(401, "Incorrect API key provided"));
  LlmMutator mutator = MakeMutator();
  Rng rng(1);
  Result<MutationResult> result = mutator.Propose(request_, rng);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(result.status().message(), HasSubstr("HTTP 401"));
  EXPECT_THAT(result.status().message(), HasSubstr("Incorrect API key provided"));
  EXPECT_EQ(server_.chat_requests().size(), 1u);
}

TEST_F(LlmMutatorTest, EndpointDownAfterRetriesStopsTheRun) {
  for (int i = 0; i < 3; ++i) server_.Enqueue(ErrorResponse(503, "down"));
  LlmMutator mutator = MakeMutator();
  Rng rng(1);
  Result<MutationResult> result = mutator.Propose(request_, rng);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(result.status().message(), HasSubstr(server_.api_base()));
}

TEST_F(LlmMutatorTest, RecordsTokensAndCostPerCall) {
  server_.Enqueue(ChatResponse(Diff("  tiles.kc = 128;", "  tiles.kc = 256;"), 1000, 500));
  server_.Enqueue(ChatResponse(Diff("  tiles.kc = 999;", "  tiles.kc = 1;"), 3000, 1000));
  LlmMutator mutator = MakeMutator();
  Rng rng(1);
  Result<MutationResult> first = mutator.Propose(request_, rng);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->prompt_tokens, 1000);
  EXPECT_EQ(first->completion_tokens, 500);
  EXPECT_DOUBLE_EQ(first->cost_usd, (1000 * 1.0 + 500 * 2.0) / 1e6);
  // A rejected child still cost its tokens.
  Result<MutationResult> second = mutator.Propose(request_, rng);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->ok);
  EXPECT_EQ(second->prompt_tokens, 3000);
  EXPECT_DOUBLE_EQ(second->cost_usd, (3000 * 1.0 + 1000 * 2.0) / 1e6);
  EXPECT_DOUBLE_EQ(mutator.spent_usd(), 0.002 + 0.005);
}

TEST_F(LlmMutatorTest, StopsProposingWhenTheBudgetIsSpent) {
  config_.llm.max_cost = 0.003;
  for (int i = 0; i < 3; ++i)
    server_.Enqueue(ChatResponse(Diff("  tiles.kc = 128;", "  tiles.kc = 256;"), 1000, 500));
  LlmMutator mutator = MakeMutator();
  Rng rng(1);
  ASSERT_TRUE(mutator.Propose(request_, rng).ok());  // $0.002 spent
  ASSERT_TRUE(mutator.Propose(request_, rng).ok());  // $0.004 spent: over the budget
  Result<MutationResult> third = mutator.Propose(request_, rng);
  ASSERT_FALSE(third.ok());
  EXPECT_THAT(third.status().message(), HasSubstr("LLM budget of $0.0030 spent"));
  EXPECT_THAT(third.status().message(), HasSubstr("llm.max_cost"));
  EXPECT_EQ(server_.chat_requests().size(), 2u);
}

TEST_F(LlmMutatorTest, RequestCarriesModelSamplingSettingsAndASeedFromTheRng) {
  server_.Enqueue(ChatResponse(Diff("  tiles.kc = 128;", "  tiles.kc = 256;")));
  server_.Enqueue(ChatResponse(Diff("  tiles.kc = 128;", "  tiles.kc = 256;")));
  server_.Enqueue(ChatResponse(Diff("  tiles.kc = 128;", "  tiles.kc = 256;")));
  for (uint64_t seed : {5, 5, 6}) {
    LlmMutator mutator = MakeMutator();
    Rng rng(seed);
    ASSERT_TRUE(mutator.Propose(request_, rng).ok());
  }
  const auto requests = server_.chat_requests();
  ASSERT_EQ(requests.size(), 3u);
  std::vector<nlohmann::json> bodies;
  for (const auto& request : requests) bodies.push_back(nlohmann::json::parse(request.body));
  EXPECT_EQ(bodies[0]["model"], "test-model");
  EXPECT_DOUBLE_EQ(bodies[0]["temperature"].get<double>(), 0.42);
  EXPECT_DOUBLE_EQ(bodies[0]["top_p"].get<double>(), 0.8);
  EXPECT_EQ(bodies[0]["max_tokens"], 777);
  ASSERT_TRUE(bodies[0]["seed"].is_number_integer());
  EXPECT_GE(bodies[0]["seed"].get<int64_t>(), 0);
  EXPECT_EQ(bodies[0]["seed"], bodies[1]["seed"]);  // same RNG state, same seed
  EXPECT_NE(bodies[0]["seed"], bodies[2]["seed"]);
  EXPECT_EQ(requests[0].headers.at("authorization"), "Bearer sk-test");
}

TEST_F(LlmMutatorTest, SentPromptHoldsNoHeldOutData) {
  ProposeOnce(ChatResponse(Diff("  tiles.kc = 128;", "  tiles.kc = 256;")));
  const std::string body = server_.chat_requests().at(0).body;
  EXPECT_THAT(body, HasSubstr("train_square"));
  EXPECT_THAT(body, Not(HasSubstr("secret_decode")));
  EXPECT_THAT(body, Not(HasSubstr("heldout")));
  EXPECT_THAT(body, Not(HasSubstr("3.71")));
}

// An in-process client that counts its calls and always gives `content`.
class CountingChatClient final : public ChatClient {
 public:
  CountingChatClient(int* calls, std::string content) : calls_(calls), content_(std::move(content)) {}
  Result<ChatReply> Complete(const ChatRequest&) override {
    ++*calls_;
    ChatReply reply;
    reply.content = content_;
    return reply;
  }

 private:
  int* calls_;
  std::string content_;
};

TEST_F(LlmMutatorTest, PicksEnsembleModelsByWeight) {
  LlmModelConfig heavy;
  heavy.name = "heavy";
  heavy.weight = 3;
  LlmModelConfig light;
  light.name = "light";
  light.weight = 1;
  config_.llm.models = {heavy, light};
  int heavy_calls = 0;
  int light_calls = 0;
  const std::string reply = Diff("  tiles.kc = 128;", "  tiles.kc = 256;");
  std::vector<std::unique_ptr<ChatClient>> clients;
  clients.push_back(std::make_unique<CountingChatClient>(&heavy_calls, reply));
  clients.push_back(std::make_unique<CountingChatClient>(&light_calls, reply));
  LlmMutator mutator(config_, std::move(clients));
  Rng rng(11);
  std::set<std::string> named;
  for (int i = 0; i < 400; ++i) {
    Result<MutationResult> result = mutator.Propose(request_, rng);
    ASSERT_TRUE(result.ok());
    named.insert(result->summary.substr(0, result->summary.find(':')));
  }
  EXPECT_EQ(heavy_calls + light_calls, 400);
  EXPECT_GT(heavy_calls, 250);  // expected 300
  EXPECT_GT(light_calls, 50);   // expected 100
  EXPECT_EQ(named, (std::set<std::string>{"heavy", "light"}));
}

TEST_F(LlmMutatorTest, AllowFullRewritesMixesRewritesIntoDiffMode) {
  config_.allow_full_rewrites = true;
  int calls = 0;
  std::vector<std::unique_ptr<ChatClient>> clients;
  clients.push_back(std::make_unique<CountingChatClient>(&calls, "no code at all"));
  LlmMutator mutator(config_, std::move(clients));
  Rng rng(3);
  std::set<std::string> kinds;
  for (int i = 0; i < 60; ++i) {
    Result<MutationResult> result = mutator.Propose(request_, rng);
    ASSERT_TRUE(result.ok());
    kinds.insert(result->kind);
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"llm:diff", "llm:rewrite"}));
}

}  // namespace
}  // namespace tv::evolve
