#include "distributed/wire_format.h"

#include <gtest/gtest.h>

namespace tv::distributed {
namespace {

TEST(WireFormat, JobRoundTripsWithAndWithoutParent) {
  JobMessage job{42, "int main() { return 0; }\n\"quoted\" \\ \x01", true, R"({"shapes":[1]})", std::nullopt};
  Result<JobMessage> back = DecodeJob(Encode(job));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->ticket, 42);
  EXPECT_EQ(back->code, job.code);
  EXPECT_TRUE(back->rescore);
  EXPECT_EQ(back->promoted_metrics, R"({"shapes":[1]})");
  EXPECT_FALSE(back->parent.has_value());

  job.parent = evolve::ParentSummary{"ok", 1.0625, R"({"shapes":[]})"};
  back = DecodeJob(Encode(job));
  ASSERT_TRUE(back.ok());
  ASSERT_TRUE(back->parent.has_value());
  EXPECT_EQ(back->parent->outcome, "ok");
  EXPECT_EQ(back->parent->score, 1.0625);
  EXPECT_EQ(back->parent->metrics_json, R"({"shapes":[]})");
}

TEST(WireFormat, ResultKeepsEveryScoreFieldExactly) {
  ResultMessage result;
  result.ticket = 7;
  result.score.outcome = "cascade_stopped";
  result.score.score = 0.1 + 0.2;  // not representable in few digits
  result.score.heldout = 1.0 / 3.0;
  result.score.message = "fell short";
  result.score.metrics_json = R"({"combined_score":0.3})";
  result.score.seconds = 12.5;
  result.score.cache_hits = 3;
  result.score.cache_misses = 9;
  Result<ResultMessage> back = DecodeResult(Encode(result));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->ticket, 7);
  EXPECT_TRUE(back->error.empty());
  EXPECT_EQ(back->score.outcome, "cascade_stopped");
  EXPECT_EQ(back->score.score, 0.1 + 0.2);
  EXPECT_EQ(back->score.heldout, 1.0 / 3.0);
  EXPECT_EQ(back->score.message, "fell short");
  EXPECT_EQ(back->score.metrics_json, result.score.metrics_json);
  EXPECT_EQ(back->score.seconds, 12.5);
  EXPECT_EQ(back->score.cache_hits, 3);
  EXPECT_EQ(back->score.cache_misses, 9);
}

TEST(WireFormat, EvaluatorErrorResultCarriesNoScore) {
  ResultMessage result;
  result.ticket = 3;
  result.error = "the measurement cache is not writable";
  Result<ResultMessage> back = DecodeResult(Encode(result));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->error, result.error);
}

TEST(WireFormat, SetupAndHelloRoundTrip) {
  const SetupMessage setup{"max_iterations: 3\n", "/opt/eval.sh", 0.5, 7};
  Result<SetupMessage> s = DecodeSetup(Encode(setup));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->config_text, setup.config_text);
  EXPECT_EQ(s->evaluator, setup.evaluator);
  EXPECT_EQ(s->heartbeat_s, 0.5);
  EXPECT_EQ(s->silence_s, 7);

  HelloMessage hello;
  hello.host = "node7";
  hello.pid = 1234;
  hello.fingerprint = "x86-amd-avx512-2c-0123456789abcdef";
  hello.cpu_model = "AMD EPYC";
  hello.threads = 2;
  hello.description = "built-in";
  hello.cache_dir = "/tmp/c";
  Result<HelloMessage> h = DecodeHello(Encode(hello));
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->host, "node7");
  EXPECT_EQ(h->pid, 1234);
  EXPECT_EQ(h->fingerprint, hello.fingerprint);
  EXPECT_EQ(h->threads, 2);
  EXPECT_EQ(h->cache_dir, "/tmp/c");
}

TEST(WireFormat, MalformedMessagesAreErrorsNamingTheKind) {
  Result<JobMessage> not_json = DecodeJob("{not json");
  ASSERT_FALSE(not_json.ok());
  EXPECT_NE(not_json.status().message().find("job"), std::string::npos);
  Result<ResultMessage> missing = DecodeResult(R"({"ticket": 1})");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("result"), std::string::npos);
  Result<HelloMessage> mistyped = DecodeHello(R"({"error": 5})");
  EXPECT_FALSE(mistyped.ok());
}

}  // namespace
}  // namespace tv::distributed
