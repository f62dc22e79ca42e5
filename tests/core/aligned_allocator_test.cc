#include "core/aligned_allocator.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace tv {
namespace {

using Floats = std::vector<float, AlignedAllocator<float>>;

uintptr_t Address(const float* p) { return reinterpret_cast<uintptr_t>(p); }

TEST(AlignedAllocatorTest, SmallArraysStartOnACacheLine) {
  for (size_t n : {1u, 3u, 17u, 1000u, 100000u}) {
    Floats v(n, 1.0f);
    EXPECT_EQ(Address(v.data()) % 64, 0u) << n;
  }
}

TEST(AlignedAllocatorTest, ArraysOfTwoMiBAndMoreStartOnAHugePage) {
  Floats v((size_t{2} << 20) / sizeof(float) + 5, 2.0f);
  EXPECT_EQ(Address(v.data()) % (size_t{2} << 20), 0u);
  EXPECT_EQ(v.back(), 2.0f);
}

TEST(AlignedAllocatorTest, GrowingKeepsValuesAndAlignment) {
  Floats v;
  for (int i = 0; i < 5000; ++i) v.push_back(static_cast<float>(i));
  EXPECT_EQ(Address(v.data()) % 64, 0u);
  for (int i = 0; i < 5000; ++i) ASSERT_EQ(v[static_cast<size_t>(i)], static_cast<float>(i));
  Floats copy = v;
  EXPECT_EQ(Address(copy.data()) % 64, 0u);
  EXPECT_EQ(copy, v);
}

}  // namespace
}  // namespace tv
