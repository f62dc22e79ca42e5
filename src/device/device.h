// What machine this is: CPU identity, cores, memory, caches, ISA, fingerprint.
#pragma once

#include <string>

#include "tilevolve/device_info.h"

namespace tv::device {

// Merges sysfs / procfs and CPUID (brand string: CPUID first, since VMs often
// write a generic "model name"; caches: sysfs first, CPUID where it is silent).
// Never fails: fields it cannot learn are 0 / empty.
tv_device_info DetectCpu();

// Human-readable multi-line description, as `tilevolve info` prints it.
std::string FormatText(const tv_device_info& info);

// One JSON object (as text) with every field of tv_device_info.
std::string FormatJson(const tv_device_info& info);

}  // namespace tv::device
