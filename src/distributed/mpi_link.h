// Non-blocking point-to-point messages over MPI_COMM_WORLD for one thread of
// one rank: Send never blocks (the payload is kept until MPI is done with it),
// Poll returns an arrived message or nothing. A peer that dies mid-transfer
// can never block the caller: a receive that does not complete within
// `receive_timeout_s` is given up and reported as from a lost peer.
//
// REQUIRES: only one thread of the process calls MPI (the one using this link),
// between MPI_Init_thread and MPI_Finalize; destroy the link after MPI_Finalize
// or after every send completed (Drain).
#pragma once

#include <mpi.h>

#include <list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "distributed/wire_format.h"

namespace tv::distributed {

struct Incoming {
  int source = 0;
  MessageTag tag = MessageTag::kHeartbeat;
  std::string payload;
  bool lost = false;  // the receive did not complete: the peer `source` is gone mid-message
};

class MpiLink {
 public:
  explicit MpiLink(double receive_timeout_s = 10) : receive_timeout_s_(receive_timeout_s) {}
  ~MpiLink();
  MpiLink(const MpiLink&) = delete;
  MpiLink& operator=(const MpiLink&) = delete;

  // Starts sending; returns at once. A send MPI refuses (peer gone) is dropped.
  void Send(int destination, MessageTag tag, std::string payload);
  // One arrived message, if any; completes finished sends as a side effect.
  std::optional<Incoming> Poll();
  // Stops waiting for sends to `rank` (it is gone): they are released, their buffers kept until destruction.
  void Abandon(int rank);
  // Waits up to `seconds` for every send to complete, then abandons the rest
  // (call it before MPI_Finalize); false when some did not complete.
  bool Drain(double seconds);

 private:
  struct PendingSend {
    int destination = 0;
    MPI_Request request = MPI_REQUEST_NULL;
    std::unique_ptr<std::string> payload;
  };
  void TestSends();
  double receive_timeout_s_;
  std::list<PendingSend> sends_;
  std::vector<std::unique_ptr<std::string>> abandoned_;  // buffers MPI may still read
};

// Seconds on a monotonic clock (MPI_Wtime).
double Now();

}  // namespace tv::distributed
