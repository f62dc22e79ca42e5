// Peers: other GEMM libraries timed side by side with ours through the same
// protocol. A peer is one class and one line in peer_registry.cc.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "gemm/sgemm_args.h"

namespace tv::bench {

class Peer {
 public:
  virtual ~Peer() = default;
  virtual std::string name() const = 0;
  // Threads the library really uses (as it reports after being told).
  virtual int threads() const = 0;
  // One sgemm with cblas semantics. Not reentrant.
  virtual Status Run(const gemm::SgemmArgs& args) = 0;
};

// Builds the peer `name` set to use `threads` threads; Unavailable when the
// library will not take that many (the message says what it reports instead).
Result<std::unique_ptr<Peer>> MakePeer(const std::string& name, int threads);

// Registered names, e.g. {"onednn", "openblas"}.
std::vector<std::string> PeerNames();

// "openblas,onednn" -> its names, each checked against PeerNames() (empty text -> none).
Result<std::vector<std::string>> ParsePeerList(const std::string& text);

// Factories, one per peer file.
Result<std::unique_ptr<Peer>> MakeOpenBlasPeer(int threads);
Result<std::unique_ptr<Peer>> MakeOneDnnPeer(int threads);

}  // namespace tv::bench
