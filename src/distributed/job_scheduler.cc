#include "distributed/job_scheduler.h"

#include <algorithm>
#include <cassert>

namespace tv::distributed {

JobScheduler::JobScheduler(std::vector<DeviceClass> classes)
    : classes_(std::move(classes)), queues_(classes_.size()) {
  for (size_t c = 0; c < classes_.size(); ++c) {
    assert(!classes_[c].ranks.empty());
    for (int rank : classes_[c].ranks) {
      assert(rank_state_.count(rank) == 0);
      rank_state_[rank].class_index = static_cast<int>(c);
    }
  }
}

int JobScheduler::capacity() const {
  if (classes_.empty()) return 0;
  std::vector<int> live(classes_.size(), 0);
  for (const auto& [rank, state] : rank_state_)
    if (state.live) ++live[state.class_index];
  return *std::min_element(live.begin(), live.end());
}

void JobScheduler::Submit(int64_t ticket) {
  for (std::deque<int64_t>& queue : queues_) queue.push_back(ticket);
}

std::vector<JobScheduler::Assignment> JobScheduler::Assign(double now) {
  std::vector<Assignment> assignments;
  for (auto& [rank, state] : rank_state_) {
    std::deque<int64_t>& queue = queues_[state.class_index];
    if (!state.live || state.ticket.has_value() || queue.empty()) continue;
    state.ticket = queue.front();
    state.started = now;
    queue.pop_front();
    assignments.push_back({rank, *state.ticket, state.class_index});
  }
  return assignments;
}

bool JobScheduler::Finish(int rank, int64_t ticket, double now) {
  auto it = rank_state_.find(rank);
  if (it == rank_state_.end() || !it->second.live || it->second.ticket != ticket) return false;
  it->second.ticket.reset();
  it->second.busy_seconds += now - it->second.started;
  return true;
}

std::optional<int64_t> JobScheduler::Lose(int rank) {
  auto it = rank_state_.find(rank);
  if (it == rank_state_.end() || !it->second.live) return std::nullopt;
  RankState& state = it->second;
  state.live = false;
  std::optional<int64_t> ticket = state.ticket;
  if (ticket.has_value()) queues_[state.class_index].push_front(*ticket);
  state.ticket.reset();
  return ticket;
}

std::vector<int> JobScheduler::BusySince(double started_before) const {
  std::vector<int> ranks;
  for (const auto& [rank, state] : rank_state_)
    if (state.live && state.ticket.has_value() && state.started < started_before) ranks.push_back(rank);
  return ranks;
}

std::optional<std::string> JobScheduler::ClassWithoutRanks() const {
  std::vector<bool> has_live(classes_.size(), false);
  for (const auto& [rank, state] : rank_state_)
    if (state.live) has_live[state.class_index] = true;
  for (size_t c = 0; c < classes_.size(); ++c)
    if (!has_live[c]) return classes_[c].name;
  return std::nullopt;
}

bool JobScheduler::IsLive(int rank) const {
  auto it = rank_state_.find(rank);
  return it != rank_state_.end() && it->second.live;
}

std::vector<int> JobScheduler::LiveRanks() const {
  std::vector<int> ranks;
  for (const auto& [rank, state] : rank_state_)
    if (state.live) ranks.push_back(rank);
  return ranks;
}

std::vector<int> JobScheduler::LostRanks() const {
  std::vector<int> ranks;
  for (const auto& [rank, state] : rank_state_)
    if (!state.live) ranks.push_back(rank);
  return ranks;
}

int JobScheduler::ClassIndexOf(int rank) const {
  auto it = rank_state_.find(rank);
  assert(it != rank_state_.end());
  return it->second.class_index;
}

double JobScheduler::BusySeconds(int rank) const {
  auto it = rank_state_.find(rank);
  return it == rank_state_.end() ? 0 : it->second.busy_seconds;
}

}  // namespace tv::distributed
