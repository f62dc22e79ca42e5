// Device classes: evaluators that would time a candidate the same way. Two
// evaluators are of one class when they report the same device fingerprint
// (CPU model, cores usable, caches, ISA: device/fingerprint.h) and run the GEMM
// on the same number of threads. A job is evaluated once per class.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "distributed/wire_format.h"

namespace tv::distributed {

// "<fingerprint>/<threads>t", e.g. "x86-amd-avx512-2c-1f0e2d3c4b5a6978/2t".
std::string DeviceClassName(const std::string& fingerprint, int threads);

struct EvaluatorRank {
  int rank = 0;
  HelloMessage hello;
};

struct DeviceClass {
  std::string name;                // DeviceClassName
  std::string cpu_model;           // of its first rank
  std::vector<int> ranks;          // ascending
  std::vector<std::string> hosts;  // distinct, in rank order
};

// Groups evaluators (any order) into classes, sorted by name; ranks whose hello
// carries an error are left out.
std::vector<DeviceClass> GroupDeviceClasses(const std::vector<EvaluatorRank>& evaluators);

// One line per class for the log and the report's "device" meta:
// "x86-...-2c-.../2t (AMD EPYC 9R14): ranks 1, 2 on vm1, vm2".
std::string DevicesText(const std::vector<DeviceClass>& classes);

}  // namespace tv::distributed
