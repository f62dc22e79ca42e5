#include <sstream>

#include "bench/peer.h"

namespace tv::bench {
namespace {

struct PeerEntry {
  const char* name;
  Result<std::unique_ptr<Peer>> (*make)(int threads);
};

constexpr PeerEntry kPeers[] = {
    {"onednn", &MakeOneDnnPeer},
    {"openblas", &MakeOpenBlasPeer},
};

}  // namespace

std::vector<std::string> PeerNames() {
  std::vector<std::string> names;
  for (const PeerEntry& e : kPeers) names.push_back(e.name);
  return names;
}

Result<std::unique_ptr<Peer>> MakePeer(const std::string& name, int threads) {
  for (const PeerEntry& e : kPeers) {
    if (name == e.name) return e.make(threads);
  }
  std::string known;
  for (const PeerEntry& e : kPeers) known += std::string(known.empty() ? "" : ", ") + e.name;
  return Status::NotFound("unknown peer '" + name + "'; known peers: " + known);
}

Result<std::vector<std::string>> ParsePeerList(const std::string& text) {
  std::vector<std::string> names;
  std::stringstream stream(text);
  std::string item;
  const std::vector<std::string> known = PeerNames();
  while (std::getline(stream, item, ',')) {
    if (item.empty()) continue;
    bool found = false;
    for (const std::string& k : known) found = found || k == item;
    if (!found) {
      std::string list;
      for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
      return Status::InvalidArgument("--vs: unknown peer '" + item + "'; known peers: " + list +
                                     " (comma-separated, e.g. --vs openblas,onednn)");
    }
    names.push_back(item);
  }
  return names;
}

}  // namespace tv::bench
