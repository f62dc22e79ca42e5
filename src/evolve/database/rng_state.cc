// The RNG's state as text: the standard stream format of std::mt19937_64
// (312 words and the position), which restores the engine exactly mid-stream.
#include <sstream>

#include "evolve/database/population.h"

namespace tv::evolve {

std::string RngState(const Rng& rng) {
  std::ostringstream out;
  out << rng;
  return out.str();
}

Status RestoreRng(const std::string& state, Rng* rng) {
  std::istringstream in(state);
  Rng restored;
  in >> restored;
  if (in.fail()) {
    return Status::InvalidArgument(
        "the saved random number generator state is not a std::mt19937_64 state (" +
        std::to_string(state.size()) + " characters); the run state is damaged");
  }
  in >> std::ws;
  if (!in.eof()) {
    return Status::InvalidArgument(
        "the saved random number generator state has extra text after the engine's state; the run "
        "state is damaged");
  }
  *rng = restored;
  return Status::Ok();
}

}  // namespace tv::evolve
