#include "infer/model_config.h"

#include <gtest/gtest.h>

#include "tiny_model.h"

namespace tv::infer {
namespace {

// Parameter counts published for each model (Hugging Face model cards and
// safetensors metadata), a check that every built-in shape is right.
TEST(ModelConfigTest, BuiltinModelsHaveThePublishedParameterCounts) {
  struct Expected {
    const char* name;
    int64_t parameters;
  };
  for (const Expected& e : {Expected{"smollm2-135m", 134515008}, Expected{"smollm2-360m", 361821120},
                            Expected{"qwen2.5-0.5b", 494032768}, Expected{"llama-3.2-1b", 1235814400}}) {
    Result<ModelConfig> c = LoadModelConfig(e.name);
    ASSERT_TRUE(c.ok()) << c.status().message();
    EXPECT_EQ(ParameterCount(*c), e.parameters) << e.name;
  }
  EXPECT_TRUE(LoadModelConfig("qwen2.5-0.5b")->attention_bias);
  EXPECT_TRUE(LoadModelConfig("llama-3.2-1b")->rope_scaling.enabled);
}

TEST(ModelConfigTest, ParsesAHuggingFaceConfig) {
  Result<ModelConfig> c = ParseModelConfig(testing::TinyConfigJson(), "config.json");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->hidden_size, 64);
  EXPECT_EQ(c->head_dim, 16);
  EXPECT_EQ(c->num_key_value_heads, 2);
  EXPECT_TRUE(c->tie_word_embeddings);
  EXPECT_FALSE(c->attention_bias);
  Result<ModelConfig> qwen = ParseModelConfig(R"({"model_type": "qwen2", "hidden_size": 64,
      "intermediate_size": 96, "num_hidden_layers": 1, "num_attention_heads": 4, "vocab_size": 10,
      "max_position_embeddings": 32})",
                                              "qwen.json");
  ASSERT_TRUE(qwen.ok()) << qwen.status().message();
  EXPECT_TRUE(qwen->attention_bias);
  EXPECT_EQ(qwen->num_key_value_heads, 4);
}

TEST(ModelConfigTest, RejectsMalformedConfigsNamingTheField) {
  struct Bad {
    std::string json;
    std::string says;
  };
  const std::string base = R"("intermediate_size": 96, "num_hidden_layers": 2, "num_attention_heads": 4,
      "num_key_value_heads": 2, "vocab_size": 97, "max_position_embeddings": 64)";
  for (const Bad& b :
       {Bad{"{not json", "not valid JSON"}, Bad{"[1, 2]", "JSON object"},
        Bad{"{" + base + "}", "hidden_size"}, Bad{R"({"hidden_size": "64", )" + base + "}", "hidden_size"},
        Bad{R"({"hidden_size": -64, )" + base + "}", "hidden_size"},
        Bad{R"({"hidden_size": 64, "head_dim": 15, )" + base + "}", "even"},
        Bad{R"({"hidden_size": 64, "rope_theta": -1, )" + base + "}", "rope_theta"},
        Bad{R"({"hidden_size": 64, "rope_scaling": {"rope_type": "yarn"}, )" + base + "}", "yarn"},
        Bad{R"({"hidden_size": 64, "tie_word_embeddings": 1, )" + base + "}", "tie_word_embeddings"},
        Bad{R"({"hidden_size": 99999999999, )" + base + "}", "hidden_size"}}) {
    Result<ModelConfig> c = ParseModelConfig(b.json, "config.json");
    ASSERT_FALSE(c.ok()) << b.json;
    EXPECT_NE(c.status().message().find(b.says), std::string::npos) << c.status().message();
  }
  Result<ModelConfig> heads = ParseModelConfig(R"({"hidden_size": 64, "intermediate_size": 96,
      "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 3, "vocab_size": 97,
      "max_position_embeddings": 64})",
                                               "config.json");
  ASSERT_FALSE(heads.ok());
  EXPECT_NE(heads.status().message().find("multiple"), std::string::npos);
}

TEST(ModelConfigTest, UnknownNameListsTheBuiltinOnes) {
  Result<ModelConfig> c = LoadModelConfig("gpt-5");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("smollm2-135m"), std::string::npos);
}

}  // namespace
}  // namespace tv::infer
