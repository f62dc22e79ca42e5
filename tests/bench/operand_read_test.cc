#include "bench/operand_read.h"

#include <gtest/gtest.h>

#include <vector>

#include "bench/operands.h"
#include "core/aligned_allocator.h"

namespace tv::bench {
namespace {

// Whole blocks of 64 streams floats per operand span; the partial last block is left.
TEST(OperandReaderTest, ReadsWholeBlocksOfEachOperandAsStored) {
  GemmOperands operands(1, 1000, 300, 1, 7);  // A 300, B 300000, C 1000 floats
  const gemm::SgemmArgs args = operands.Args(0);
  EXPECT_EQ(OperandReader::FloatsRead(args, 1), 256 + 299968 + 960);
  EXPECT_EQ(OperandReader::FloatsRead(args, 4), 256 + 299776 + 768);
  for (int threads : {1, 2, 3}) {
    OperandReader reader(gemm::BestIsa(), threads);
    EXPECT_EQ(reader.Read(args, 1), 256 + 299968 + 960);
    EXPECT_EQ(reader.Read(args, 4), 256 + 299776 + 768);
  }
}

TEST(OperandReaderTest, SpansFollowLayoutAndTransposes) {
  GemmOperands operands(4, 64, 128, 1, 7);
  gemm::SgemmArgs args = operands.Args(0);  // row-major: A 4 x 128, B 128 x 64, C 4 x 64
  EXPECT_EQ(OperandReader::FloatsRead(args, 1), 4 * 128 + 128 * 64 + 4 * 64);
  args.trans_b = gemm::Transpose::kYes;  // B stored n x k: 64 rows of ldb
  args.ldb = 128;
  EXPECT_EQ(OperandReader::FloatsRead(args, 1), 4 * 128 + 64 * 128 + 4 * 64);
  args.layout = gemm::Layout::kColMajor;  // A: k columns of lda, B^T: k columns of ldb, C: n columns of ldc
  args.ldc = 64;
  EXPECT_EQ(OperandReader::FloatsRead(args, 1), 128 * 128 + 128 * 128 + 64 * 64);
}

TEST(OperandReaderTest, ReadsWholeBlocksOfAnySpans) {
  std::vector<float, AlignedAllocator<float>> one(1000, 1.0f), two(64, 1.0f), three(300, 1.0f);
  const FloatSpan spans[] = {{one.data(), 1000}, {two.data(), 64}, {three.data(), 300}};
  EXPECT_EQ(OperandReader::FloatsRead(spans, 1), 960 + 64 + 256);
  EXPECT_EQ(OperandReader::FloatsRead(spans, 4), 768 + 0 + 256);
  for (int threads : {1, 2}) {
    OperandReader reader(gemm::BestIsa(), threads);
    EXPECT_EQ(reader.ReadSpans(spans, 1), 960 + 64 + 256);
    EXPECT_EQ(reader.ReadSpans(spans, 2), 896 + 0 + 256);
    EXPECT_EQ(reader.ReadSpans({}, 1), 0);
  }
}

TEST(OperandReaderTest, AsContenderIsUncheckedAndNamedByStreams) {
  OperandReader reader(gemm::BestIsa(), 2);
  const Contender c = reader.AsContender(2);
  EXPECT_FALSE(c.checked);
  EXPECT_EQ(c.name, "read x2");
  GemmOperands operands(2, 256, 256, 1, 7);
  EXPECT_TRUE(c.run(operands.Args(0)).ok());
}

}  // namespace
}  // namespace tv::bench
