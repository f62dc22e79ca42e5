#include "device/fingerprint.h"

#include <cstdio>
#include <cstring>
#include <string>

#include "device/field_string.h"

namespace tv::device {
namespace {

std::string VendorTag(const std::string& vendor) {
  if (vendor == "AuthenticAMD") return "amd";
  if (vendor == "GenuineIntel") return "intel";
  if (vendor == "HygonGenuine") return "hygon";
  return "cpu";
}

std::string IsaTag(const tv_device_info& info) {
  if (info.has_avx512f) return "avx512";
  if (info.has_avx2 && info.has_fma) return "avx2";
  return "sse";
}

}  // namespace

uint64_t Fnv1a64(std::string_view bytes) {
  uint64_t hash = 0xcbf29ce484222325ull;  // FNV-1a 64 offset basis
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ull;  // FNV-1a 64 prime
  }
  return hash;
}

std::string MakeFingerprint(const tv_device_info& info) {
  // Every hashed field, '|'-separated, in a fixed order. Changing this text
  // changes every fingerprint, so only append to it.
  const std::string vendor = FieldString(info.cpu_vendor);
  // Built with += only: GCC 12 at -O3 warns falsely (-Wrestrict) on "literal" + std::string.
  std::string key = vendor;
  key += '|';
  key += FieldString(info.cpu_model);
  for (int64_t v :
       {int64_t{info.cpu_family}, int64_t{info.cpu_model_id}, int64_t{info.physical_cores}, info.l1d_bytes,
        info.l2_bytes, info.l3_bytes, int64_t{info.cache_line_bytes}, int64_t{info.has_avx2},
        int64_t{info.has_fma}, int64_t{info.has_avx512f}, int64_t{info.has_avx512bw},
        int64_t{info.has_avx512vl}, int64_t{info.has_avx512_bf16}, int64_t{info.vector_bits}}) {
    key += '|';
    key += std::to_string(v);
  }
  char hex[17];
  std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(Fnv1a64(key)));
  std::string fingerprint = "x86-";
  fingerprint += VendorTag(vendor);
  fingerprint += '-';
  fingerprint += IsaTag(info);
  fingerprint += '-';
  fingerprint += std::to_string(info.physical_cores);
  fingerprint += "c-";
  fingerprint += hex;
  return fingerprint;
}

}  // namespace tv::device
