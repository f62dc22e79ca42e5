// The table and JSON of `tilevolve generate --profile`: per engine, each
// product role's time and rate in prefill (ms per run, GFLOP/s) and in decode
// (us per token, GB/s of B read: the weights or the KV cache), the time outside
// the products and the whole forward pass.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>

#include "infer/product_profile.h"

namespace tv::infer {

// REQUIRES: engines.size() == profiles.size() >= 1.
std::string ProfileTable(std::span<const std::string> engines, std::span<const ProductProfile> profiles);

// {"prefill": {...}, "decode": {...}}, each {"forwards", "forward_s", "outside_products_s",
// "products": {role: {"calls", "seconds", "flops", "b_bytes"}}}.
nlohmann::json ProfileJson(const ProductProfile& profile);

}  // namespace tv::infer
