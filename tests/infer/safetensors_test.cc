// Loading weights from .safetensors files the test writes, and every malformed
// case: each is an error naming the problem, before anything big is allocated.
#include "infer/safetensors.h"

#include <gtest/gtest.h>

#include <cmath>

#include "infer/weights.h"
#include "tiny_model.h"

namespace tv::infer {
namespace {

using testing::ModelTensors;
using testing::RawTensor;
using testing::SafetensorsBytes;
using testing::TinyConfig;

class SafetensorsTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::TempDir("safetensors"); }
  std::string Write(const std::string& name, const std::string& bytes) {
    const std::string path = dir_ + "/" + name;
    testing::WriteFile(path, bytes);
    return path;
  }
  std::string LoadError(const std::string& bytes) {
    Result<ModelWeights> w =
        LoadSafetensorsWeights(config_, WeightLayout::kOutByIn, Write("bad.safetensors", bytes));
    return w.ok() ? "" : w.status().message();
  }
  std::string dir_;
  ModelConfig config_ = TinyConfig(true, false);
  ModelWeights source_ = RandomWeights(config_, WeightLayout::kOutByIn, 3);
};

TEST_F(SafetensorsTest, LoadsF32ExactlyInBothLayouts) {
  const std::string path = Write("model.safetensors", SafetensorsBytes(ModelTensors(source_, "F32")));
  Result<ModelWeights> w = LoadSafetensorsWeights(config_, WeightLayout::kOutByIn, path);
  ASSERT_TRUE(w.ok()) << w.status().message();
  EXPECT_EQ(w->embedding, source_.embedding);
  EXPECT_EQ(w->layers[1].down.w, source_.layers[1].down.w);
  EXPECT_EQ(w->layers[0].qkv.bias, source_.layers[0].qkv.bias);
  EXPECT_EQ(w->lm_head.w, source_.lm_head.w);
  Result<ModelWeights> t = LoadSafetensorsWeights(config_, WeightLayout::kInByOut, path);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->layers[1].gate_up.w, RandomWeights(config_, WeightLayout::kInByOut, 3).layers[1].gate_up.w);
}

TEST_F(SafetensorsTest, ConvertsBf16AndF16) {
  for (const char* dtype : {"BF16", "F16"}) {
    const std::string path =
        Write(std::string(dtype) + ".safetensors", SafetensorsBytes(ModelTensors(source_, dtype)));
    Result<ModelWeights> w = LoadSafetensorsWeights(config_, WeightLayout::kOutByIn, path);
    ASSERT_TRUE(w.ok()) << w.status().message();
    for (size_t i = 0; i < source_.layers[0].qkv.w.size(); ++i)
      ASSERT_NEAR(w->layers[0].qkv.w[i], source_.layers[0].qkv.w[i],
                  1e-2 * std::abs(source_.layers[0].qkv.w[i]) + 7e-5)
          << dtype;
  }
  EXPECT_EQ(HalfToFloat(0x3c00), 1.0f);
  EXPECT_EQ(HalfToFloat(0xc000), -2.0f);
  EXPECT_EQ(HalfToFloat(0x0001), std::ldexp(1.0f, -24));
  EXPECT_EQ(BFloat16ToFloat(0x3f80), 1.0f);
}

TEST_F(SafetensorsTest, TruncatedFileNamesTheTensor) {
  std::string bytes = SafetensorsBytes(ModelTensors(source_, "F32"));
  bytes.resize(bytes.size() - 10);
  const std::string error = LoadError(bytes);
  EXPECT_NE(error.find("lm_head.weight"), std::string::npos) << error;  // written last
  EXPECT_NE(error.find("truncated"), std::string::npos) << error;
}

TEST_F(SafetensorsTest, WrongDtypeShapeOrMissingTensorNamesIt) {
  std::vector<RawTensor> tensors = ModelTensors(source_, "F32");
  tensors[3].dtype = "I32";  // same byte size, wrong type
  EXPECT_NE(LoadError(SafetensorsBytes(tensors)).find(tensors[3].name + "\" has dtype I32"),
            std::string::npos);

  tensors = ModelTensors(source_, "F32");
  std::swap(tensors[5].shape[0], tensors[5].shape[1]);  // same element count, transposed
  const std::string shape_error = LoadError(SafetensorsBytes(tensors));
  EXPECT_NE(shape_error.find(tensors[5].name), std::string::npos) << shape_error;
  EXPECT_NE(shape_error.find("expected"), std::string::npos) << shape_error;

  tensors = ModelTensors(source_, "F32");
  const std::string missing = tensors[7].name;
  tensors.erase(tensors.begin() + 7);
  EXPECT_NE(LoadError(SafetensorsBytes(tensors)).find(missing + "\" is missing"), std::string::npos);

  tensors = ModelTensors(source_, "F32");
  tensors[2].shape[0] += 1;  // the bytes no longer match the shape
  EXPECT_NE(LoadError(SafetensorsBytes(tensors)).find(tensors[2].name), std::string::npos);
}

TEST_F(SafetensorsTest, AbsurdOrMalformedHeadersAreErrors) {
  std::string huge(8, '\0');
  huge[7] = 0x10;  // 2^60 bytes of header
  EXPECT_NE(LoadError(huge + "{}").find("header length"), std::string::npos);
  EXPECT_NE(LoadError("abc").find("too short"), std::string::npos);
  std::string not_json = std::string("\x05\0\0\0\0\0\0\0", 8) + "{nope";
  EXPECT_NE(LoadError(not_json).find("not a JSON object"), std::string::npos);
  const std::string big_tensor = R"({"w": {"dtype": "F32", "shape": [1000000000, 1000000000, 1000000],
      "data_offsets": [0, 4]}})";
  std::string header(8, '\0');
  header[0] = static_cast<char>(big_tensor.size());
  EXPECT_NE(LoadError(header + big_tensor + "abcd").find("absurdly many"), std::string::npos);
  const std::string reversed = R"({"w": {"dtype": "F32", "shape": [1], "data_offsets": [4, 0]}})";
  header[0] = static_cast<char>(reversed.size());
  EXPECT_NE(LoadError(header + reversed + "abcd").find("\"w\""), std::string::npos);
  EXPECT_NE(LoadError("").find("too short"), std::string::npos);
}

}  // namespace
}  // namespace tv::infer
