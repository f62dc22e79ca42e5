// Where the sandboxed tilevolve-heuristic-host is, seen from inside a library
// (/proc/self/exe is the user's program there, so evolve::DefaultHostPath's
// "beside the executable" does not apply). First that exists, in order:
//   1. $TILEVOLVE_HEURISTIC_HOST;
//   2. the install layout relative to this library's own file
//      (<prefix>/lib/libtilevolve.so -> <prefix>/bin/tilevolve-heuristic-host),
//      so an installed tree can be moved;
//   3. the configured install location (CMAKE_INSTALL_FULL_BINDIR);
//   4. the build tree's host (where tests and uninstalled builds find it).
#pragma once

#include <string>

namespace tv::integrate {

// The first candidate that is an executable file; when none is, the build
// tree's path (the probe then fails with a message naming it).
std::string LibraryHostPath();

}  // namespace tv::integrate
