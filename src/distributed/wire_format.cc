#include "distributed/wire_format.h"

#include <nlohmann/json.hpp>

namespace tv::distributed {
namespace {

using nlohmann::json;

// Parses `text` as a JSON object and runs `read` on it; any missing or mistyped
// field becomes InvalidArgument naming `kind`.
template <typename T, typename Read>
Result<T> DecodeObject(const std::string& text, const char* kind, Read read) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Status::InvalidArgument(std::string("a ") + kind + " message is not a JSON object");
  try {
    return read(j);
  } catch (const json::exception& e) {
    return Status::InvalidArgument(std::string("a ") + kind + " message is malformed: " + e.what());
  }
}

json ScoreJson(const evolve::ProgramScore& s) {
  return {{"outcome", s.outcome},           {"score", s.score},
          {"heldout", s.heldout},           {"message", s.message},
          {"metrics_json", s.metrics_json}, {"seconds", s.seconds},
          {"cache_hits", s.cache_hits},     {"cache_misses", s.cache_misses}};
}

evolve::ProgramScore ScoreOf(const json& j) {
  evolve::ProgramScore s;
  s.outcome = j.at("outcome").get<std::string>();
  s.score = j.at("score").get<double>();
  s.heldout = j.at("heldout").get<double>();
  s.message = j.at("message").get<std::string>();
  s.metrics_json = j.at("metrics_json").get<std::string>();
  s.seconds = j.at("seconds").get<double>();
  s.cache_hits = j.at("cache_hits").get<int>();
  s.cache_misses = j.at("cache_misses").get<int>();
  return s;
}

}  // namespace

std::string Encode(const SetupMessage& m) {
  return json{{"config_text", m.config_text},
              {"evaluator", m.evaluator},
              {"heartbeat_s", m.heartbeat_s},
              {"silence_s", m.silence_s}}
      .dump();
}

std::string Encode(const HelloMessage& m) {
  return json{{"error", m.error},
              {"host", m.host},
              {"pid", m.pid},
              {"fingerprint", m.fingerprint},
              {"cpu_model", m.cpu_model},
              {"threads", m.threads},
              {"description", m.description},
              {"cache_dir", m.cache_dir}}
      .dump();
}

std::string Encode(const JobMessage& m) {
  json j = {{"ticket", m.ticket},
            {"code", m.code},
            {"rescore", m.rescore},
            {"promoted_metrics", m.promoted_metrics}};
  if (m.parent.has_value())
    j["parent"] = {
        {"outcome", m.parent->outcome}, {"score", m.parent->score}, {"metrics_json", m.parent->metrics_json}};
  return j.dump();
}

std::string Encode(const ResultMessage& m) {
  json j = {{"ticket", m.ticket}, {"error", m.error}};
  if (m.error.empty()) j["score"] = ScoreJson(m.score);
  return j.dump();
}

Result<SetupMessage> DecodeSetup(const std::string& text) {
  return DecodeObject<SetupMessage>(text, "setup", [](const json& j) {
    SetupMessage m;
    m.config_text = j.at("config_text").get<std::string>();
    m.evaluator = j.at("evaluator").get<std::string>();
    m.heartbeat_s = j.at("heartbeat_s").get<double>();
    m.silence_s = j.at("silence_s").get<double>();
    return m;
  });
}

Result<HelloMessage> DecodeHello(const std::string& text) {
  return DecodeObject<HelloMessage>(text, "hello", [](const json& j) {
    HelloMessage m;
    m.error = j.at("error").get<std::string>();
    m.host = j.at("host").get<std::string>();
    m.pid = j.at("pid").get<int64_t>();
    m.fingerprint = j.at("fingerprint").get<std::string>();
    m.cpu_model = j.at("cpu_model").get<std::string>();
    m.threads = j.at("threads").get<int>();
    m.description = j.at("description").get<std::string>();
    m.cache_dir = j.at("cache_dir").get<std::string>();
    return m;
  });
}

Result<JobMessage> DecodeJob(const std::string& text) {
  return DecodeObject<JobMessage>(text, "job", [](const json& j) {
    JobMessage m;
    m.ticket = j.at("ticket").get<int64_t>();
    m.code = j.at("code").get<std::string>();
    m.rescore = j.at("rescore").get<bool>();
    m.promoted_metrics = j.at("promoted_metrics").get<std::string>();
    if (j.contains("parent")) {
      const json& p = j.at("parent");
      m.parent = evolve::ParentSummary{p.at("outcome").get<std::string>(), p.at("score").get<double>(),
                                       p.at("metrics_json").get<std::string>()};
    }
    return m;
  });
}

Result<ResultMessage> DecodeResult(const std::string& text) {
  return DecodeObject<ResultMessage>(text, "result", [](const json& j) {
    ResultMessage m;
    m.ticket = j.at("ticket").get<int64_t>();
    m.error = j.at("error").get<std::string>();
    if (m.error.empty()) m.score = ScoreOf(j.at("score"));
    return m;
  });
}

}  // namespace tv::distributed
