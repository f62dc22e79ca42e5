#include "infer/safetensors.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

namespace tv::infer {
namespace {

constexpr int64_t kMaxHeaderBytes = int64_t{100} << 20;  // the format's own limit (100 MB)
constexpr int64_t kMaxElements = int64_t{1} << 40;

int64_t ElementBytes(TensorDtype dtype) {
  switch (dtype) {
    case TensorDtype::kF32:
      return 4;
    case TensorDtype::kBF16:
    case TensorDtype::kF16:
      return 2;
    case TensorDtype::kOther:
      return 0;
  }
  return 0;
}

TensorDtype DtypeOf(const std::string& name) {
  if (name == "F32") return TensorDtype::kF32;
  if (name == "BF16") return TensorDtype::kBF16;
  if (name == "F16") return TensorDtype::kF16;
  return TensorDtype::kOther;
}

Result<TensorEntry> ParseEntry(const std::string& where, const nlohmann::json& e, int64_t data_start,
                               int64_t file_bytes) {
  if (!e.is_object() || !e.contains("dtype") || !e.contains("shape") || !e.contains("data_offsets"))
    return Status::InvalidArgument(where + ": needs \"dtype\", \"shape\" and \"data_offsets\"");
  TensorEntry t;
  if (!e.at("dtype").is_string()) return Status::InvalidArgument(where + ": \"dtype\" must be a string");
  t.dtype_name = e.at("dtype").get<std::string>();
  t.dtype = DtypeOf(t.dtype_name);
  const nlohmann::json& shape = e.at("shape");
  if (!shape.is_array()) return Status::InvalidArgument(where + ": \"shape\" must be an array");
  int64_t elements = 1;
  for (const nlohmann::json& d : shape) {
    if (!d.is_number_integer() || d.get<int64_t>() < 0)
      return Status::InvalidArgument(where + ": shape entries must be non-negative integers, got " +
                                     shape.dump());
    const int64_t dim = d.get<int64_t>();
    if (dim != 0 && elements > kMaxElements / dim)
      return Status::InvalidArgument(where + ": shape " + shape.dump() + " has absurdly many elements");
    elements *= dim;
    t.shape.push_back(dim);
  }
  const nlohmann::json& offsets = e.at("data_offsets");
  if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_integer() ||
      !offsets[1].is_number_integer())
    return Status::InvalidArgument(where + ": \"data_offsets\" must be [begin, end]");
  const int64_t begin = offsets[0].get<int64_t>();
  const int64_t end = offsets[1].get<int64_t>();
  const int64_t data_bytes = file_bytes - data_start;
  if (begin < 0 || end < begin || end > data_bytes)
    return Status::InvalidArgument(where + ": data_offsets [" + std::to_string(begin) + ", " +
                                   std::to_string(end) + ") lie outside the file's " +
                                   std::to_string(data_bytes) + " data bytes (truncated file?)");
  t.file_offset = data_start + begin;
  t.bytes = end - begin;
  const int64_t element_bytes = ElementBytes(t.dtype);
  if (element_bytes > 0 && t.bytes != elements * element_bytes)
    return Status::InvalidArgument(where + ": " + std::to_string(t.bytes) + " bytes but shape " +
                                   shape.dump() + " of " + t.dtype_name + " needs " +
                                   std::to_string(elements * element_bytes));
  return t;
}

}  // namespace

float HalfToFloat(uint16_t bits) {
  const uint32_t sign = (bits >> 15) & 1;
  const uint32_t exponent = (bits >> 10) & 0x1f;
  const uint32_t mantissa = bits & 0x3ff;
  float magnitude;
  if (exponent == 0) {
    magnitude = std::ldexp(static_cast<float>(mantissa), -24);  // subnormal
  } else if (exponent == 31) {
    magnitude = mantissa == 0 ? INFINITY : NAN;
  } else {
    magnitude = std::ldexp(static_cast<float>(mantissa | 0x400), static_cast<int>(exponent) - 25);
  }
  return sign ? -magnitude : magnitude;
}

float BFloat16ToFloat(uint16_t bits) {
  const uint32_t word = static_cast<uint32_t>(bits) << 16;
  float f;
  std::memcpy(&f, &word, sizeof f);
  return f;
}

std::string ShapeText(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

Result<SafetensorsFile> SafetensorsFile::Open(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return Status::NotFound(path + ": cannot open the safetensors file");
  SafetensorsFile file;
  file.path_ = path;
  file.file_bytes_ = static_cast<int64_t>(in.tellg());
  if (file.file_bytes_ < 8)
    return Status::InvalidArgument(
        path + ": " + std::to_string(file.file_bytes_) +
        " bytes is too short for a safetensors file (8-byte header length missing)");
  in.seekg(0);
  unsigned char length_bytes[8];
  in.read(reinterpret_cast<char*>(length_bytes), 8);
  uint64_t header_bytes = 0;
  for (int i = 7; i >= 0; --i) header_bytes = (header_bytes << 8) | length_bytes[i];
  if (header_bytes > static_cast<uint64_t>(kMaxHeaderBytes) ||
      header_bytes > static_cast<uint64_t>(file.file_bytes_ - 8))
    return Status::InvalidArgument(path + ": header length " + std::to_string(header_bytes) +
                                   " is absurd (the file has " + std::to_string(file.file_bytes_) +
                                   " bytes; the format allows at most 100 MB of header)");
  std::string header(header_bytes, '\0');
  in.read(header.data(), static_cast<std::streamsize>(header_bytes));
  if (!in) return Status::Internal(path + ": reading the header failed");
  const nlohmann::json j = nlohmann::json::parse(header, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    return Status::InvalidArgument(path + ": the header is not a JSON object");
  const int64_t data_start = 8 + static_cast<int64_t>(header_bytes);
  for (const auto& [name, entry] : j.items()) {
    if (name == "__metadata__") continue;
    Result<TensorEntry> t =
        ParseEntry(path + ": tensor \"" + name + "\"", entry, data_start, file.file_bytes_);
    if (!t.ok()) return t.status();
    file.tensors_.emplace(name, std::move(*t));
  }
  return file;
}

Status SafetensorsFile::Check(const std::string& name, const std::vector<int64_t>& shape) const {
  auto it = tensors_.find(name);
  if (it == tensors_.end())
    return Status::InvalidArgument(path_ + ": tensor \"" + name + "\" is missing (expected shape " +
                                   ShapeText(shape) + ")");
  const TensorEntry& t = it->second;
  if (t.dtype == TensorDtype::kOther)
    return Status::InvalidArgument(path_ + ": tensor \"" + name + "\" has dtype " + t.dtype_name +
                                   "; supported: F32, BF16, F16");
  if (t.shape != shape)
    return Status::InvalidArgument(path_ + ": tensor \"" + name + "\" has shape " + ShapeText(t.shape) +
                                   ", expected " + ShapeText(shape));
  return Status::Ok();
}

Status SafetensorsFile::ReadFloat32(const std::string& name, float* out) const {
  const TensorEntry& t = tensors_.at(name);
  std::ifstream in(path_, std::ios::binary);
  if (!in) return Status::Internal(path_ + ": cannot reopen the file to read tensor \"" + name + "\"");
  in.seekg(t.file_offset);
  const int64_t element_bytes = ElementBytes(t.dtype);
  const int64_t elements = t.bytes / element_bytes;
  if (t.dtype == TensorDtype::kF32) {
    in.read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(t.bytes));
    if (!in) return Status::Internal(path_ + ": reading tensor \"" + name + "\" failed (file changed?)");
    return Status::Ok();
  }
  constexpr int64_t kChunk = int64_t{1} << 16;  // elements converted per read
  std::vector<uint16_t> raw(static_cast<size_t>(std::min(kChunk, std::max<int64_t>(elements, 1))));
  for (int64_t done = 0; done < elements; done += kChunk) {
    const int64_t n = std::min(kChunk, elements - done);
    in.read(reinterpret_cast<char*>(raw.data()), static_cast<std::streamsize>(n * 2));
    if (!in) return Status::Internal(path_ + ": reading tensor \"" + name + "\" failed (file changed?)");
    for (int64_t i = 0; i < n; ++i)
      out[done + i] = t.dtype == TensorDtype::kBF16 ? BFloat16ToFloat(raw[i]) : HalfToFloat(raw[i]);
  }
  return Status::Ok();
}

}  // namespace tv::infer
