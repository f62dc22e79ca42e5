// Byte units for the expectations of the device tests.
#pragma once

#include <cstdint>

namespace tv::device::testing {

constexpr int64_t kKiB = 1024;
constexpr int64_t kMiB = 1024 * kKiB;

}  // namespace tv::device::testing
