// A stable name for "this hardware": the same CPU model, core count, caches
// and ISA give the same string across runs and reboots. Memory size and the
// hostname are left out on purpose (VMs of one type vary in both).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tilevolve/device_info.h"

namespace tv::device {

// FNV-1a, 64 bits.
uint64_t Fnv1a64(std::string_view bytes);

// "x86-<vendor>-<isa>-<cores>c-<16 hex digits>", e.g. "x86-amd-avx512-2c-1f0e...".
// The hash covers vendor, brand, family, model, physical cores, cache sizes,
// line size and the ISA bits; the prefix is for people. Fits cpu fingerprint[64].
std::string MakeFingerprint(const tv_device_info& info);

}  // namespace tv::device
