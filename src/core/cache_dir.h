// Where tilevolve keeps what it may recompute (compiled programs, the
// measurement cache): $TILEVOLVE_CACHE_DIR if set, else
// $XDG_CACHE_HOME/tilevolve, else $HOME/.cache/tilevolve, else
// /tmp/tilevolve-cache-<uid>. Not created here.
#pragma once

#include <string>

namespace tv {

std::string CacheRoot();

}  // namespace tv
