#include "evolve/program_tiles.h"

namespace tv::evolve {

Result<std::vector<tv_tile_config>> AskProgramForTiles(const std::string& program_path,
                                                       const std::vector<ProbeShape>& shapes,
                                                       const tv_device_info& device, SandboxRunner& runner,
                                                       const CompileOptions& compile,
                                                       const ProbeOptions& probe) {
  Result<CompiledProgram> compiled = CompileProgram(program_path, compile, runner);
  if (!compiled.ok()) return compiled.status();
  if (!compiled->ok) {
    return Status::InvalidArgument(program_path + " did not compile (" + compiled->outcome + "):\n" +
                                   compiled->message);
  }
  ProbeResult answers = ProbeHeuristic(compiled->object_path, shapes, device, probe, runner);
  if (answers.outcome != ProbeOutcome::kOk) {
    return Status::InvalidArgument(program_path + ": " + ProbeOutcomeName(answers.outcome) + ": " +
                                   answers.message);
  }
  return std::move(answers.tiles);
}

}  // namespace tv::evolve
