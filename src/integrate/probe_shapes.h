// The shapes a program is asked for before the library trusts it in-process:
// edge cases, the transformer shapes a drop-in serves most, and log-uniform
// random shapes, so a program that crashes, loops or answers out of range on
// an ordinary shape is caught in the sandbox and not in the user's process.
#pragma once

#include <vector>

#include "evolve/heuristic_probe.h"

namespace tv::integrate {

// Deterministic: the same list on every call (79 shapes).
std::vector<evolve::ProbeShape> LibraryProbeShapes();

}  // namespace tv::integrate
