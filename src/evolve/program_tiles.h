// The tiles a heuristic program chooses for a list of shapes, the safe way:
// compiled (cached) and asked inside the sandboxed host. For `tilevolve bench
// --program` and anything else that needs a program's answers without scoring it.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "evolve/heuristic_probe.h"
#include "evolve/program_compiler.h"
#include "evolve/sandbox.h"
#include "tilevolve/device_info.h"
#include "tilevolve/tile_config.h"

namespace tv::evolve {

// One answer per shape, in order (requests: not yet legalized). A program that
// does not compile or misbehaves is an InvalidArgument naming the outcome and why.
Result<std::vector<tv_tile_config>> AskProgramForTiles(const std::string& program_path,
                                                       const std::vector<ProbeShape>& shapes,
                                                       const tv_device_info& device, SandboxRunner& runner,
                                                       const CompileOptions& compile = CompileOptions(),
                                                       const ProbeOptions& probe = ProbeOptions());

}  // namespace tv::evolve
