#include "distributed/mpi_link.h"

#include <chrono>
#include <thread>

namespace tv::distributed {

double Now() { return MPI_Wtime(); }

MpiLink::~MpiLink() = default;

void MpiLink::Send(int destination, MessageTag tag, std::string payload) {
  PendingSend send;
  send.destination = destination;
  send.payload = std::make_unique<std::string>(std::move(payload));
  const int rc = MPI_Isend(send.payload->data(), static_cast<int>(send.payload->size()), MPI_CHAR,
                           destination, static_cast<int>(tag), MPI_COMM_WORLD, &send.request);
  if (rc != MPI_SUCCESS) return;  // the peer is gone; its silence will say so
  sends_.push_back(std::move(send));
}

void MpiLink::TestSends() {
  for (auto it = sends_.begin(); it != sends_.end();) {
    int done = 0;
    const int rc = MPI_Test(&it->request, &done, MPI_STATUS_IGNORE);
    if (done != 0 || rc != MPI_SUCCESS) {
      it = sends_.erase(it);
    } else {
      ++it;
    }
  }
}

std::optional<Incoming> MpiLink::Poll() {
  TestSends();
  int flag = 0;
  MPI_Message message = MPI_MESSAGE_NULL;
  MPI_Status status;
  if (MPI_Improbe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &message, &status) != MPI_SUCCESS ||
      flag == 0)
    return std::nullopt;
  int count = 0;
  MPI_Get_count(&status, MPI_CHAR, &count);
  Incoming in;
  in.source = status.MPI_SOURCE;
  in.tag = static_cast<MessageTag>(status.MPI_TAG);
  auto buffer = std::make_unique<std::string>(static_cast<size_t>(count), '\0');
  MPI_Request request = MPI_REQUEST_NULL;
  MPI_Imrecv(buffer->data(), count, MPI_CHAR, &message, &request);
  const double deadline = Now() + receive_timeout_s_;
  int done = 0;
  while (true) {
    if (MPI_Test(&request, &done, MPI_STATUS_IGNORE) != MPI_SUCCESS) break;
    if (done != 0 || Now() > deadline) break;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  if (done == 0) {
    MPI_Request_free(&request);
    abandoned_.push_back(std::move(buffer));
    in.lost = true;
    return in;
  }
  in.payload = std::move(*buffer);
  return in;
}

void MpiLink::Abandon(int rank) {
  for (auto it = sends_.begin(); it != sends_.end();) {
    if (it->destination == rank) {
      MPI_Request_free(&it->request);
      abandoned_.push_back(std::move(it->payload));
      it = sends_.erase(it);
    } else {
      ++it;
    }
  }
}

bool MpiLink::Drain(double seconds) {
  const double deadline = Now() + seconds;
  while (!sends_.empty() && Now() < deadline) {
    TestSends();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  const bool all_done = sends_.empty();
  for (PendingSend& send : sends_) {
    MPI_Request_free(&send.request);
    abandoned_.push_back(std::move(send.payload));
  }
  sends_.clear();
  return all_done;
}

}  // namespace tv::distributed
