// Reading tensors from a .safetensors file (Hugging Face's format): an 8-byte
// little-endian header length, a JSON header mapping each tensor name to
// {dtype, shape, data_offsets: [begin, end)} relative to the end of the
// header, then the raw little-endian data. Every entry's byte range is checked
// against the file when it is opened; nothing is allocated for a tensor until
// its dtype and shape have been checked too.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"

namespace tv::infer {

enum class TensorDtype : uint8_t { kF32, kBF16, kF16, kOther };

struct TensorEntry {
  std::string dtype_name;  // as the header spells it, e.g. "BF16"
  TensorDtype dtype = TensorDtype::kOther;
  std::vector<int64_t> shape;
  int64_t file_offset = 0;  // absolute byte offset of the first element
  int64_t bytes = 0;
};

class SafetensorsFile {
 public:
  // Reads and checks the header: its length (at most 100 MB and inside the
  // file), the JSON, and for every tensor its shape (non-negative, product
  // bounded), data_offsets (ordered, inside the file) and that the byte count
  // equals elements * element size for the three float dtypes. Errors name the
  // file and the tensor.
  static Result<SafetensorsFile> Open(const std::string& path);

  const std::string& path() const { return path_; }
  const std::map<std::string, TensorEntry>& tensors() const { return tensors_; }

  // Ok when `name` exists, has dtype F32, BF16 or F16 and exactly `shape`;
  // otherwise an error naming the tensor and what was expected.
  Status Check(const std::string& name, const std::vector<int64_t>& shape) const;

  // Reads tensor `name` converted to fp32 into out[0, elements).
  // REQUIRES: Check(name, shape of out).ok(); out holds the tensor's elements.
  Status ReadFloat32(const std::string& name, float* out) const;

 private:
  std::string path_;
  int64_t file_bytes_ = 0;
  std::map<std::string, TensorEntry> tensors_;
};

// "[576, 49152]".
std::string ShapeText(const std::vector<int64_t>& shape);

// IEEE half and bfloat16 (raw bits) to fp32.
float HalfToFloat(uint16_t bits);
float BFloat16ToFloat(uint16_t bits);

}  // namespace tv::infer
