// CodeHash (program_store.h): 128 bits as 32 hex digits, from two independent
// 64-bit hashes of the bytes (FNV-1a, and a multiply-rotate hash with other
// constants), each finished by the splitmix64 mixer. Stable across builds and
// machines: it is stored in run databases.
#include <cstdint>
#include <cstdio>

#include "evolve/database/program_store.h"

namespace tv::evolve {
namespace {

uint64_t Mix(uint64_t x) {  // splitmix64's finalizer: every input bit reaches every output bit
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

uint64_t Rotate(uint64_t x, int bits) { return (x << bits) | (x >> (64 - bits)); }

}  // namespace

std::string CodeHash(const std::string& code) {
  uint64_t fnv = 0xcbf29ce484222325ULL;                  // FNV-1a 64 offset basis
  uint64_t other = 0x9e3779b97f4a7c15ULL ^ code.size();  // golden-ratio seed, length folded in
  for (unsigned char byte : code) {
    fnv = (fnv ^ byte) * 0x100000001b3ULL;  // FNV-1a 64 prime
    other = Rotate((other ^ byte) * 0xff51afd7ed558ccdULL, 29);
  }
  char hex[33];
  std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(Mix(fnv)),
                static_cast<unsigned long long>(Mix(other)));
  return std::string(hex, 32);
}

}  // namespace tv::evolve
