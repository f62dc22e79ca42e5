#include "distributed/device_class.h"

#include <algorithm>

namespace tv::distributed {

std::string DeviceClassName(const std::string& fingerprint, int threads) {
  return (fingerprint.empty() ? std::string("unknown-device") : fingerprint) + "/" + std::to_string(threads) +
         "t";
}

std::vector<DeviceClass> GroupDeviceClasses(const std::vector<EvaluatorRank>& evaluators) {
  std::vector<EvaluatorRank> sorted = evaluators;
  std::sort(sorted.begin(), sorted.end(),
            [](const EvaluatorRank& a, const EvaluatorRank& b) { return a.rank < b.rank; });
  std::map<std::string, DeviceClass> by_name;
  for (const EvaluatorRank& e : sorted) {
    if (!e.hello.error.empty()) continue;
    const std::string name = DeviceClassName(e.hello.fingerprint, e.hello.threads);
    DeviceClass& c = by_name[name];
    if (c.name.empty()) {
      c.name = name;
      c.cpu_model = e.hello.cpu_model;
    }
    c.ranks.push_back(e.rank);
    if (std::find(c.hosts.begin(), c.hosts.end(), e.hello.host) == c.hosts.end())
      c.hosts.push_back(e.hello.host);
  }
  std::vector<DeviceClass> classes;
  classes.reserve(by_name.size());
  for (auto& [name, c] : by_name) classes.push_back(std::move(c));
  return classes;
}

std::string DevicesText(const std::vector<DeviceClass>& classes) {
  std::string text;
  for (const DeviceClass& c : classes) {
    if (!text.empty()) text += "\n";
    text += c.name;
    if (!c.cpu_model.empty()) text += " (" + c.cpu_model + ")";
    text += c.ranks.size() == 1 ? ": rank " : ": ranks ";
    for (size_t i = 0; i < c.ranks.size(); ++i) text += (i > 0 ? ", " : "") + std::to_string(c.ranks[i]);
    text += " on ";
    for (size_t i = 0; i < c.hosts.size(); ++i) text += (i > 0 ? ", " : "") + c.hosts[i];
  }
  return text;
}

}  // namespace tv::distributed
