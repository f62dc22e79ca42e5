#include "evolve/run/controller.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "core/text_format.h"
#include "device/cuda/cuda_device_info.h"
#include "device/device.h"
#include "evolve/config/evolve_config.h"
#include "evolve/database/population.h"
#include "evolve/database/program_store.h"
#include "evolve/llm/chat_client.h"
#include "evolve/llm/llm_mutator.h"
#include "evolve/mutation/offline_mutator.h"
#include "evolve/run/cpu_tile_menu.h"
#include "evolve/run/evaluation_pool.h"
#include "evolve/run/program_evaluator.h"
#include "evolve/run/run_files.h"
#include "evolve/run/run_state.h"
#include "evolve/run/train_figures.h"

namespace tv::evolve {
namespace {

namespace fs = std::filesystem;

volatile std::sig_atomic_t g_stop_requested = 0;
void RequestStop(int) { g_stop_requested = 1; }

double Now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string ReadFile(const std::string& path, Status* status) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *status = Status::NotFound("cannot read " + path);
    return "";
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int LevelRank(const std::string& level) {
  if (level == "DEBUG") return 0;
  if (level == "WARNING") return 2;
  if (level == "ERROR") return 3;
  return 1;
}

// Prints to stdout (at or above the run's level) and to the run's log file (everything).
class Log {
 public:
  void Open(const std::string& path, const std::string& level) {
    file_.open(path, std::ios::app);
    level_ = LevelRank(level);
  }
  void Line(const std::string& level, const std::string& text) {
    if (LevelRank(level) >= level_) {
      std::printf("%s\n", text.c_str());
      std::fflush(stdout);
    }
    if (file_) {
      char stamp[32];
      const std::time_t t = std::time(nullptr);
      std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", std::localtime(&t));
      file_ << stamp << " " << level << " " << text << "\n";
      file_.flush();
    }
  }
  void Info(const std::string& text) { Line("INFO", text); }
  void Warn(const std::string& text) { Line("WARNING", text); }
  void Debug(const std::string& text) { Line("DEBUG", text); }

 private:
  std::ofstream file_;
  int level_ = 1;
};

double HeldoutOf(const ProgramRecord& p) {
  const nlohmann::json j = nlohmann::json::parse(p.metrics_json, nullptr, false);
  if (j.is_discarded() || !j.contains("heldout_speedup") || !j["heldout_speedup"].is_number()) return 0;
  return j["heldout_speedup"].get<double>();
}

// A held-out speedup for the log: "none" where no held-out shape was timed (a
// suite without any, an external evaluator that reports none), never 0.0000.
std::string HeldoutText(double heldout) { return heldout > 0 ? Format("%.4f", heldout) : "none"; }

// An iteration from its proposal until it is committed. Iterations are
// proposed while evaluators are free and committed strictly in order, so the
// committed run state always means "every iteration before next_iteration is done".
struct PendingIteration {
  int iteration = 0;
  int island = 0;
  int64_t parent_id = 0;
  int64_t second_id = 0;  // crossover's other parent (0: none)
  MutationResult child;   // child.ok false: no child was made
  std::string hash;       // of child.code
  std::string skip_note;  // non-empty: not evaluated (no child, too long, or a duplicate)
  bool failed_proposal = false;
  int64_t ticket = 0;  // of its evaluation, when one was submitted
  double submitted_at = 0;
  bool scored = false;  // its evaluation has finished: `score`
  ProgramScore score;
  int64_t rescore_ticket = 0;  // a candidate best's re-measurement, once submitted
};

// "N of M shapes timed again" from a re-measurement's metrics (the others took
// the promoted program's figures, evolve/evaluator.h FreshFigures).
std::string TimedShapesText(const std::string& metrics_json) {
  const nlohmann::json j = nlohmann::json::parse(metrics_json, nullptr, false);
  if (j.is_discarded() || !j.contains("shapes") || !j["shapes"].is_array()) return "shapes timed again";
  // Not timed: shapes that took the promoted program's figure, and shapes whose
  // tiles are the baseline's own (exactly 1, the same code path).
  int timed = 0;
  for (const nlohmann::json& shape : j["shapes"]) {
    const bool reused = shape.value("reused_from_promoted", false);
    const bool baseline =
        shape.contains("tiles") && shape.contains("baseline") && shape["tiles"] == shape["baseline"];
    timed += reused || baseline ? 0 : 1;
  }
  return Format("%d of %zu shapes timed again", timed, j["shapes"].size());
}

class Controller {
 public:
  explicit Controller(const EvolveRunOptions& options) : options_(options) {}
  int Run();

 private:
  int Fail(int code, const std::string& message) {
    log_.Line("ERROR", "tilevolve evolve: " + message);
    if (code != 0 && !log_opened_) std::fprintf(stderr, "tilevolve evolve: %s\n", message.c_str());
    return code;
  }
  Status Setup();
  Status StartOrResume();
  Status EvaluateInitial();
  // Proposes `iteration`'s child and submits its evaluation (or records why not).
  Status Propose(int iteration);
  // Commits the finished iterations at the head of pending_, in order.
  // A candidate best (a child scoring above the promoted program as first
  // evaluated) is re-measured before it is committed: the re-measurement is a
  // job like any other, so the other evaluators keep working meanwhile.
  Status CompleteReady(int* last_checkpoint);
  // `score`: null when nothing was evaluated; `remeasured`: a candidate best's re-measurement.
  Status Complete(PendingIteration& pending, const ProgramScore* score, const ProgramScore* remeasured);
  bool IsCandidateBest(const ProgramScore& score) const {
    return score.outcome == "ok" && score.score > state_.promoted_cached_score;
  }
  // Evaluates the initial program now.
  Result<ProgramScore> EvaluateNow(const std::string& code);
  // Waits for one evaluation to finish and files its result under its ticket.
  Status CollectOne();
  std::string StopReason() const;
  Status CommitProgram(ProgramRecord& program);
  Status SaveState();
  // `again`: the program's re-measurement; null when it was not a candidate best.
  Status MaybePromote(const ProgramRecord& program, int iteration, const ProgramScore* again);
  Status Checkpoint(int iteration);
  Candidate CandidateOf(const ProgramRecord& p);
  void PrintProgress(int iteration, const ProgramRecord* child, const std::string& note);
  void PrintSummary(const std::string& why);
  nlohmann::json Metadata(int iteration) const;

  EvolveRunOptions options_;
  LoadedConfig loaded_;
  EvolveConfig& config_ = loaded_.config;
  Log log_;
  bool log_opened_ = false;
  std::string initial_code_;
  int total_iterations_ = 0;
  double target_score_ = 0;

  ProcessSandboxRunner runner_;
  std::unique_ptr<ProgramStore> store_;
  std::unique_ptr<EvaluationPool> pool_;
  int64_t next_ticket_ = 1;
  std::deque<PendingIteration> pending_;
  std::map<int64_t, ProgramScore> finished_;  // ticket -> result, until its iteration is committed
  std::set<std::string> hashes_in_flight_;    // children proposed and not yet committed
  std::unique_ptr<Mutator> mutator_;
  LlmMutator* llm_ = nullptr;
  bool shape_rules_ = false;    // the offline mutator's shape rules are on (built-in CPU evaluator)
  ShapeFigures shape_figures_;  // every stored program's train-shape figures, when they are
  std::unique_ptr<Population> population_;
  Rng rng_;
  RunState state_;
  std::map<int64_t, ProgramRecord> programs_;  // every stored program, by id
  double session_start_ = 0;
  double elapsed_before_ = 0;
  int evaluations_this_session_ = 0;
};

Status Controller::Setup() {
  Status read;
  initial_code_ = ReadFile(options_.initial_program, &read);
  if (!read.ok())
    return Status::NotFound("the initial program " + options_.initial_program + " cannot be read");
  if (options_.config_path.empty()) {
    Result<LoadedConfig> defaults = ParseEvolveConfig("", "<defaults>");
    if (!defaults.ok()) return defaults.status();
    loaded_ = std::move(*defaults);
  } else {
    Result<LoadedConfig> loaded = LoadEvolveConfig(options_.config_path);
    if (!loaded.ok()) return loaded.status();
    loaded_ = std::move(*loaded);
  }
  if (!options_.log_level.empty()) config_.log_level = options_.log_level;
  total_iterations_ = options_.iterations >= 0 ? options_.iterations : config_.max_iterations;
  target_score_ = options_.target_score > 0 ? options_.target_score : config_.target_score;

  std::error_code ec;
  fs::create_directories(options_.output_dir + "/logs", ec);
  if (ec)
    return Status::InvalidArgument("cannot create the output directory " + options_.output_dir + ": " +
                                   ec.message());
  char stamp[32];
  const std::time_t t = std::time(nullptr);
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&t));
  log_.Open(options_.output_dir + "/logs/evolve-" + stamp + ".log", config_.log_level);
  log_opened_ = true;
  for (const std::string& w : loaded_.warnings) log_.Warn("config: " + w);

  // Where candidates are evaluated.
  if (options_.make_pool) {
    PoolContext context;
    context.config = &config_;
    context.config_text = loaded_.text;
    context.evaluator = options_.evaluator;
    context.output_dir = options_.output_dir;
    Result<std::unique_ptr<EvaluationPool>> pool = options_.make_pool(context);
    if (!pool.ok()) return pool.status();
    pool_ = std::move(*pool);
  } else {
    Result<std::unique_ptr<ProgramEvaluator>> e = MakeProgramEvaluator(options_.evaluator, config_, runner_);
    if (!e.ok()) return e.status();
    // The machine the timings come from: the GPU too when the GPU is timed.
    tv_device_info machine = device::DetectCpu();
    if (config_.backend == "cuda") TV_RETURN_IF_ERROR(device::FillCudaDeviceInfo(&machine));
    pool_ = MakeLocalEvaluationPool(std::move(*e), options_.output_dir + "/candidates",
                                    device::FormatText(machine));
  }
  if (config_.evaluator.parallel_evaluations > pool_->capacity()) {
    log_.Warn("config: evaluator.parallel_evaluations is " +
              std::to_string(config_.evaluator.parallel_evaluations) + " but this run evaluates at most " +
              std::to_string(pool_->capacity()) +
              " candidate(s) at once: timings on one device never overlap, so each evaluator process "
              "measures one candidate at a time; for more at once, start more evaluator ranks "
              "(mpirun -np N+1 tilevolve evolve ... --distributed mpi)");
  }

  // Mutator: never a silent switch from an LLM to the offline mutator.
  const std::string kind =
      config_.mutator.kind == "auto" ? (config_.llm.enabled() ? "llm" : "offline") : config_.mutator.kind;
  if (kind == "llm") {
    if (!config_.llm.enabled())
      return Status::InvalidArgument(
          "mutator.kind is llm but llm.models is empty; add a model or use kind: offline");
    std::vector<std::unique_ptr<ChatClient>> clients;
    for (const LlmModelConfig& model : config_.llm.models) {
      TV_RETURN_IF_ERROR(CheckReachable(model, config_.llm));
      clients.push_back(std::make_unique<HttpChatClient>(model, config_.llm));
    }
    auto llm = std::make_unique<LlmMutator>(config_, std::move(clients));
    llm_ = llm.get();
    mutator_ = std::move(llm);
  } else {
    // Shape rules write CPU tile decisions and read the built-in evaluator's per-shape figures.
    shape_rules_ =
        config_.mutator.shape_rule_rate > 0 && config_.backend == "cpu" && options_.evaluator.empty();
    if (config_.mutator.shape_rule_rate > 0 && !shape_rules_) {
      log_.Warn(
          "config: mutator.shape_rule_rate is ignored: shape rules need the built-in evaluator with backend "
          "cpu (no EVALUATOR argument)");
    }
    mutator_ = std::make_unique<OfflineMutator>(config_.mutator,
                                                shape_rules_ ? MakeCpuTileMenu(config_.threads) : TileMenu());
  }
  log_.Info("evaluator: " + pool_->description() + "; mutator: " + mutator_->name());
  return Status::Ok();
}

Status Controller::StartOrResume() {
  if (!options_.checkpoint_dir.empty())
    TV_RETURN_IF_ERROR(ImportCheckpoint(options_.checkpoint_dir, options_.output_dir));
  const bool resuming = options_.resume || !options_.checkpoint_dir.empty();
  if (resuming) {
    Result<bool> moved = MoveEarlierRunDatabase(options_.output_dir);
    if (!moved.ok()) return moved.status();
    if (*moved) {
      log_.Info(std::string("moved the run's ") + kEarlierRunDatabaseName + " to " + kRunDatabaseName +
                " (the database's name since 2026-11-26)");
    }
  }
  const std::string db_path = FindRunDatabase(options_.output_dir);
  if (!resuming && fs::exists(db_path)) {
    return Status::InvalidArgument(
        options_.output_dir +
        " already holds a run; pass --resume to continue it, or choose another --output "
        "(nothing was changed)");
  }
  if (resuming && !fs::exists(db_path)) {
    return Status::NotFound("there is no run to resume in " + options_.output_dir + " (no " +
                            kRunDatabaseName + "); start one without --resume");
  }
  Result<std::unique_ptr<ProgramStore>> store = ProgramStore::Open(db_path, /*create=*/!resuming);
  if (!store.ok()) return store.status();
  store_ = std::move(*store);

  if (!resuming) {
    TV_RETURN_IF_ERROR(store_->SetMeta("initial_program_hash", CodeHash(initial_code_)));
    // The machine the timings come from, for the report (`tilevolve report`).
    TV_RETURN_IF_ERROR(store_->SetMeta("device", pool_->devices_text()));
    population_ = std::make_unique<Population>(config_.database);
    rng_.seed(config_.random_seed);
    state_.config_yaml = loaded_.text;
    return EvaluateInitial();
  }

  Result<std::optional<std::string>> initial_hash = store_->GetMeta("initial_program_hash");
  if (!initial_hash.ok()) return initial_hash.status();
  if (!initial_hash->has_value() || **initial_hash != CodeHash(initial_code_)) {
    return Status::InvalidArgument("the run in " + options_.output_dir +
                                   " was started from another initial program than " +
                                   options_.initial_program + "; pass the program it started from");
  }
  Result<std::string> text = store_->LoadRunState();
  if (!text.ok()) return text.status();
  if (text->empty())
    return Status::InvalidArgument("the run in " + options_.output_dir + " has no run state; it is damaged");
  Result<RunState> state = RunStateFromJson(*text);
  if (!state.ok()) return state.status();
  state_ = std::move(*state);
  Result<Population> population = Population::FromJson(state_.population, config_.database);
  if (!population.ok()) return population.status();
  population_ = std::make_unique<Population>(std::move(*population));
  TV_RETURN_IF_ERROR(RestoreRng(state_.rng, &rng_));
  Result<std::vector<ProgramRecord>> all = store_->All();
  if (!all.ok()) return all.status();
  for (ProgramRecord& p : *all) {
    if (shape_rules_) shape_figures_.Add(p.id, TrainShapeFigures(p.metrics_json));
    programs_[p.id] = std::move(p);
  }
  elapsed_before_ = state_.elapsed_s;
  // best/ is derived from the committed state: rewrite it (a crash may have
  // come between writing it and committing the promotion).
  if (auto it = programs_.find(state_.promoted_id); it != programs_.end()) {
    TV_RETURN_IF_ERROR(WriteBestProgram(options_.output_dir + "/best", it->second, state_.promoted_score,
                                        {{"promoted_at_iteration", it->second.iteration}}));
  }
  log_.Info(Format("resuming %s at iteration %d: %zu programs, best %.4f (program %lld)",
                   options_.output_dir.c_str(), state_.next_iteration, programs_.size(),
                   state_.promoted_score, static_cast<long long>(state_.promoted_id)));
  return Status::Ok();
}

Status Controller::CollectOne() {
  Result<EvaluationResult> done = pool_->Next();
  if (!done.ok()) return done.status();
  state_.cache_hits += done->score.cache_hits;
  state_.cache_misses += done->score.cache_misses;
  finished_[done->ticket] = std::move(done->score);
  return Status::Ok();
}

Result<ProgramScore> Controller::EvaluateNow(const std::string& code) {
  while (pool_->in_flight() >= pool_->capacity()) TV_RETURN_IF_ERROR(CollectOne());
  EvaluationJob job;
  job.ticket = next_ticket_++;
  job.code = code;
  const int64_t ticket = job.ticket;
  TV_RETURN_IF_ERROR(pool_->Submit(std::move(job)));
  while (!finished_.count(ticket)) TV_RETURN_IF_ERROR(CollectOne());
  ProgramScore score = std::move(finished_.at(ticket));
  finished_.erase(ticket);
  return score;
}

Candidate Controller::CandidateOf(const ProgramRecord& p) {
  std::vector<const std::string*> reference;
  std::vector<int64_t> members = population_->island_members(p.island);
  std::shuffle(members.begin(), members.end(), rng_);
  for (int64_t id : members) {
    if (static_cast<int>(reference.size()) >= config_.database.diversity_reference_size) break;
    auto it = programs_.find(id);
    if (it != programs_.end() && id != p.id) reference.push_back(&it->second.code);
  }
  Candidate c;
  c.id = p.id;
  c.ok = p.outcome == "ok";
  c.score = p.score;
  c.features = ComputeFeatures(p.code, p.metrics_json, reference);
  return c;
}

Status Controller::SaveState() {
  state_.population = population_->ToJson();
  state_.rng = RngState(rng_);
  state_.elapsed_s = elapsed_before_ + (Now() - session_start_);
  if (llm_ != nullptr) state_.llm_cost_usd = llm_->spent_usd();
  return store_->SaveRunState(RunStateToJson(state_).dump());
}

Status Controller::CommitProgram(ProgramRecord& program) {
  state_.population = population_->ToJson();
  state_.rng = RngState(rng_);
  state_.elapsed_s = elapsed_before_ + (Now() - session_start_);
  if (llm_ != nullptr) state_.llm_cost_usd = llm_->spent_usd();
  // The id the store will assign is the next one; the state records it so the two always agree.
  state_.last_program_id = programs_.empty() ? 1 : programs_.rbegin()->first + 1;
  Result<int64_t> id = store_->Commit(program, RunStateToJson(state_).dump());
  if (!id.ok()) return id.status();
  if (*id != state_.last_program_id) {
    return Status::Internal("the database assigned program id " + std::to_string(*id) + " where " +
                            std::to_string(state_.last_program_id) +
                            " was expected; is another process writing it?");
  }
  if (shape_rules_) shape_figures_.Add(program.id, TrainShapeFigures(program.metrics_json));
  programs_[program.id] = program;
  return Status::Ok();
}

Status Controller::EvaluateInitial() {
  log_.Info("evaluating the initial program " + options_.initial_program);
  const double start = Now();
  Result<ProgramScore> score = EvaluateNow(initial_code_);
  if (!score.ok()) return score.status();
  if (score->outcome != "ok") {
    return Status::InvalidArgument("the initial program " + options_.initial_program +
                                   " failed to evaluate (" + score->outcome + "): " + score->message);
  }
  ProgramRecord p;
  p.code = initial_code_;
  p.code_hash = CodeHash(initial_code_);
  p.mutation = "initial";
  p.change_summary = "the initial program";
  p.outcome = score->outcome;
  p.score = score->score;
  p.metrics_json = score->metrics_json;
  p.created_at = Now();
  p.eval_seconds = Now() - start;
  state_.evaluations = 1;
  state_.next_iteration = 1;
  state_.promoted_score = p.score;
  state_.promoted_cached_score = p.score;
  // Place it on every island before committing, so the committed state already holds it.
  p.id = 0;
  const int64_t expected_id = 1;
  ProgramRecord placed = p;
  placed.id = expected_id;
  for (int island = 0; island < population_->num_islands(); ++island) {
    placed.island = island;
    population_->Add(CandidateOf(placed), island);
  }
  state_.promoted_id = expected_id;
  state_.best_history.emplace_back(0, p.score);
  TV_RETURN_IF_ERROR(CommitProgram(p));
  TV_RETURN_IF_ERROR(
      WriteBestProgram(options_.output_dir + "/best", p, p.score, {{"promoted_at_iteration", 0}}));
  log_.Info(Format("initial program: score %.4f (held-out %s) in %.1f s", p.score,
                   HeldoutText(HeldoutOf(p)).c_str(), p.eval_seconds));
  return Status::Ok();
}

Status Controller::MaybePromote(const ProgramRecord& program, int iteration, const ProgramScore* again) {
  if (again == nullptr) return Status::Ok();  // not a candidate best (IsCandidateBest): not re-measured
  const std::string timed = TimedShapesText(again->metrics_json);
  if (again->outcome != "ok" || again->score <= state_.promoted_score) {
    log_.Info(Format("  not promoted: re-measured %.4f (%s; %s)", again->score, again->outcome.c_str(),
                     timed.c_str()));
    return Status::Ok();
  }
  const double improvement = (again->score - state_.promoted_score) / std::max(1e-9, state_.promoted_score);
  if (improvement > config_.convergence_threshold) state_.stagnant_iterations = 0;
  state_.promoted_id = program.id;
  state_.promoted_score = again->score;
  state_.promoted_cached_score = program.score;
  state_.promoted_metrics = again->metrics_json;
  state_.best_history.emplace_back(iteration, again->score);
  log_.Info(Format("  promoted program %lld: re-measured %.4f (held-out %s; %s)",
                   static_cast<long long>(program.id), again->score, HeldoutText(again->heldout).c_str(),
                   timed.c_str()));
  return WriteBestProgram(options_.output_dir + "/best", program, again->score,
                          {{"promoted_at_iteration", iteration},
                           {"remeasured_heldout",  // null: no held-out shape was timed
                            again->heldout > 0 ? nlohmann::json(again->heldout) : nlohmann::json()}});
}

Status Controller::Propose(int iteration) {
  PendingIteration pending;
  pending.iteration = iteration;
  pending.island = iteration % population_->num_islands();
  const int island = pending.island;
  pending.parent_id = population_->SelectParent(island, rng_);
  const int64_t second_id = population_->SelectSecondParent(island, pending.parent_id, rng_);
  const std::vector<int64_t> inspiration_ids =
      population_->Inspirations(island, pending.parent_id, config_.prompt.num_diverse_programs, rng_);
  MutationRequest request;
  request.parent = &programs_.at(pending.parent_id);
  request.second_parent =
      second_id != pending.parent_id && programs_.count(second_id) ? &programs_.at(second_id) : nullptr;
  for (int64_t id : inspiration_ids) {
    if (programs_.count(id)) request.inspirations.push_back(&programs_.at(id));
  }
  const int64_t island_best = population_->island_best_id(island);
  if (island_best != 0 && programs_.count(island_best))
    request.top_programs.push_back(&programs_.at(island_best));
  request.iteration = iteration;
  request.shape_figures = shape_rules_ ? &shape_figures_ : nullptr;
  if (auto it = state_.feedback.find(pending.parent_id); it != state_.feedback.end())
    request.feedback = it->second;

  Result<MutationResult> child = mutator_->Propose(request, rng_);
  if (!child.ok()) return child.status();
  state_.llm_prompt_tokens += child->prompt_tokens;
  state_.llm_completion_tokens += child->completion_tokens;
  pending.child = std::move(*child);
  pending.second_id = pending.child.kind == "offline:crossover" && request.second_parent ? second_id : 0;
  if (!pending.child.ok || static_cast<int>(pending.child.code.size()) > config_.max_code_length) {
    pending.failed_proposal = true;
    pending.skip_note =
        pending.child.ok ? "the child was longer than max_code_length" : pending.child.summary;
    pending_.push_back(std::move(pending));
    return Status::Ok();
  }
  pending.hash = CodeHash(pending.child.code);
  Result<std::optional<ProgramRecord>> existing = store_->FindByHash(pending.hash);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    pending.skip_note =
        Format("duplicate of program %lld, not evaluated", static_cast<long long>((*existing)->id));
  } else if (hashes_in_flight_.count(pending.hash)) {
    pending.skip_note = "duplicate of a child being evaluated, not evaluated";
  }
  if (!pending.skip_note.empty()) {
    pending_.push_back(std::move(pending));
    return Status::Ok();
  }
  EvaluationJob job;
  job.ticket = next_ticket_++;
  job.code = pending.child.code;
  const ProgramRecord& parent = *request.parent;
  job.parent = ParentSummary{parent.outcome, parent.score, parent.metrics_json};
  pending.ticket = job.ticket;
  pending.submitted_at = Now();
  hashes_in_flight_.insert(pending.hash);
  pending_.push_back(std::move(pending));
  return pool_->Submit(std::move(job));
}

Status Controller::CompleteReady(int* last_checkpoint) {
  while (!pending_.empty()) {
    PendingIteration& head = pending_.front();
    const bool evaluated = head.skip_note.empty();
    ProgramScore remeasured;
    bool has_remeasured = false;
    if (evaluated) {
      if (!head.scored) {
        auto it = finished_.find(head.ticket);
        if (it == finished_.end()) return Status::Ok();  // still being evaluated
        head.score = std::move(it->second);
        head.scored = true;
        finished_.erase(it);
      }
      // Compared on the same footing (first evaluations, through the cache): a child
      // whose tiles are the promoted program's scores the same and is not re-measured.
      if (IsCandidateBest(head.score)) {
        if (head.rescore_ticket == 0) {
          if (pool_->in_flight() >= pool_->capacity()) return Status::Ok();  // when a slot frees
          log_.Info(
              Format("  candidate best %.4f > %.4f (iteration %d): re-measuring without the cache before "
                     "promoting",
                     head.score.score, state_.promoted_cached_score, head.iteration));
          // Shapes whose tiles are the promoted program's take its re-measured
          // figures; every shape whose code path differs is timed again.
          EvaluationJob job;
          job.ticket = next_ticket_++;
          job.code = head.child.code;
          job.rescore = true;
          job.promoted_metrics = state_.promoted_metrics;
          head.rescore_ticket = job.ticket;
          TV_RETURN_IF_ERROR(pool_->Submit(std::move(job)));
          return Status::Ok();
        }
        auto it = finished_.find(head.rescore_ticket);
        if (it == finished_.end()) return Status::Ok();  // still being re-measured
        remeasured = std::move(it->second);
        has_remeasured = true;
        finished_.erase(it);
      }
    }
    TV_RETURN_IF_ERROR(
        Complete(head, evaluated ? &head.score : nullptr, has_remeasured ? &remeasured : nullptr));
    const int iteration = head.iteration;
    if (evaluated) hashes_in_flight_.erase(head.hash);
    pending_.pop_front();
    if (config_.checkpoint_interval > 0 && iteration % config_.checkpoint_interval == 0) {
      TV_RETURN_IF_ERROR(Checkpoint(iteration));
      *last_checkpoint = iteration;
    }
  }
  return Status::Ok();
}

Status Controller::Complete(PendingIteration& pending, const ProgramScore* score,
                            const ProgramScore* remeasured) {
  const int iteration = pending.iteration;
  const int island = pending.island;
  const int64_t parent_id = pending.parent_id;
  ++state_.stagnant_iterations;
  if (score == nullptr) {
    if (pending.failed_proposal) {
      ++state_.failed_proposals;
      state_.feedback[parent_id] = pending.skip_note;
      pending.skip_note = "no child: " + pending.skip_note;
    } else {
      ++state_.duplicates;
    }
    population_->CompleteGeneration(island);
    state_.next_iteration = iteration + 1;
    PrintProgress(iteration, nullptr, pending.skip_note);
    return SaveState();
  }

  ++evaluations_this_session_;
  ++state_.evaluations;
  const MutationResult& child = pending.child;
  ProgramRecord p;
  p.parent_id = parent_id;
  p.second_parent_id = pending.second_id;
  p.iteration = iteration;
  p.generation = programs_.at(parent_id).generation + 1;
  p.island = island;
  p.code = child.code;
  p.code_hash = pending.hash;
  p.mutation = child.kind;
  p.change_summary = child.summary;
  p.outcome = score->outcome;
  p.score = score->score;
  p.metrics_json = score->metrics_json;
  p.created_at = Now();
  p.eval_seconds = score->seconds > 0 ? score->seconds : Now() - pending.submitted_at;
  p.prompt_tokens = child.prompt_tokens;
  p.completion_tokens = child.completion_tokens;
  p.cost_usd = child.cost_usd;
  if (p.outcome != "ok")
    state_.feedback[parent_id] =
        "the last child failed: " + p.outcome + ": " + score->message.substr(0, 2000);
  else
    state_.feedback.erase(parent_id);

  // Placement and promotion first, so the commit below carries them with the program.
  ProgramRecord placed = p;
  placed.id = programs_.empty() ? 1 : programs_.rbegin()->first + 1;
  population_->Add(CandidateOf(placed), island);
  for (const auto& [id, to] : population_->CompleteGeneration(island))
    log_.Debug(Format("  migration: program %lld to island %d", static_cast<long long>(id), to));
  state_.next_iteration = iteration + 1;
  PrintProgress(iteration, &placed, "");
  TV_RETURN_IF_ERROR(MaybePromote(placed, iteration, remeasured));
  return CommitProgram(p);
}

std::string Controller::StopReason() const {
  if (g_stop_requested) return "interrupted (resume with --resume)";
  if (target_score_ > 0 && state_.promoted_score >= target_score_)
    return Format("reached the target score %.4f", target_score_);
  if (config_.early_stopping_patience > 0 && state_.stagnant_iterations >= config_.early_stopping_patience)
    return Format("no improvement for %d iterations (early stopping)", state_.stagnant_iterations);
  return "";
}

void Controller::PrintProgress(int iteration, const ProgramRecord* child, const std::string& note) {
  const double minutes = std::max(1e-9, (Now() - session_start_) / 60.0);
  const int lookups = state_.cache_hits + state_.cache_misses;
  std::string line =
      Format("iter %d/%d | island %d | best %.4f | %.1f eval/min | cache %.0f%% | $%.2f | ", iteration,
             total_iterations_, iteration % population_->num_islands(), state_.promoted_score,
             evaluations_this_session_ / minutes, lookups > 0 ? 100.0 * state_.cache_hits / lookups : 0.0,
             llm_ != nullptr ? llm_->spent_usd() : 0.0);
  if (child != nullptr) {
    line += Format("child %lld %s %.4f (%s, %.1f s) %s", static_cast<long long>(child->id),
                   child->outcome.c_str(), child->score, child->mutation.c_str(), child->eval_seconds,
                   child->change_summary.substr(0, 80).c_str());
  } else {
    line += note.substr(0, 160);
  }
  log_.Info(line);
}

nlohmann::json Controller::Metadata(int iteration) const {
  return {{"iteration", iteration},
          {"programs", programs_.size()},
          {"evaluations", state_.evaluations},
          {"duplicates", state_.duplicates},
          {"failed_proposals", state_.failed_proposals},
          {"best_program_id", state_.promoted_id},
          {"best_score", state_.promoted_score},
          {"elapsed_s", state_.elapsed_s},
          {"llm_cost_usd", state_.llm_cost_usd},
          {"config", state_.config_yaml}};
}

Status Controller::Checkpoint(int iteration) {
  const ProgramRecord* best =
      programs_.count(state_.promoted_id) ? &programs_.at(state_.promoted_id) : nullptr;
  TV_RETURN_IF_ERROR(ExportCheckpoint(options_.output_dir, iteration, store_->path(), best,
                                      state_.promoted_score, Metadata(iteration), programs_));
  log_.Info(Format("checkpoint %d written to %s/checkpoints/checkpoint_%d", iteration,
                   options_.output_dir.c_str(), iteration));
  if (options_.after_checkpoint) {
    const Status after = options_.after_checkpoint(options_.output_dir);
    if (!after.ok()) log_.Warn("after checkpoint " + std::to_string(iteration) + ": " + after.message());
  }
  return Status::Ok();
}

void Controller::PrintSummary(const std::string& why) {
  const ProgramRecord* best =
      programs_.count(state_.promoted_id) ? &programs_.at(state_.promoted_id) : nullptr;
  const ProgramRecord* initial = programs_.count(1) ? &programs_.at(1) : nullptr;
  log_.Info("");
  log_.Info("stopped: " + why);
  log_.Info(Format("evaluations %d (%d duplicates skipped, %d iterations without a child); %.1f min in all",
                   state_.evaluations, state_.duplicates, state_.failed_proposals, state_.elapsed_s / 60));
  if (best != nullptr && initial != nullptr) {
    log_.Info(Format(
        "best program %lld (iteration %d): speedup over the baseline on train shapes %.4f (re-measured), "
        "held-out %s; the initial program scored %.4f / %s",
        static_cast<long long>(best->id), best->iteration, state_.promoted_score,
        HeldoutText(HeldoutOf(*best)).c_str(), initial->score, HeldoutText(HeldoutOf(*initial)).c_str()));
  }
  log_.Info("best program: " + options_.output_dir + "/best/best_program.cpp (info: best_program_info.json)");
}

int Controller::Run() {
  session_start_ = Now();
  Status setup = Setup();
  if (!setup.ok()) return Fail(2, setup.message());
  Status started = StartOrResume();
  if (!started.ok()) return Fail(started.code() == StatusCode::kInternal ? 1 : 2, started.message());

  std::signal(SIGINT, RequestStop);
  std::signal(SIGTERM, RequestStop);
  std::string why = "reached " + std::to_string(total_iterations_) + " iterations";
  int last_checkpoint = -1;
  // Keep every evaluator busy: propose while a slot is free (and not too far
  // ahead of the oldest uncommitted iteration), then wait for any result and
  // commit what is complete. A stop condition ends proposing; the iterations
  // in flight are still finished and committed. The window is 4 slots per
  // evaluator: with evaluation times from 0.1 to 2 s, 8 evaluator ranks ran
  // 247 evaluations/min with 2 per evaluator and 299-337 with 4 (8: 333-367).
  // Children are proposed from a population up to `window` iterations old.
  const int window = 4 * pool_->capacity();
  int next_proposal = state_.next_iteration;
  bool stopping = false;
  for (;;) {
    while (!stopping && next_proposal <= total_iterations_ && pool_->in_flight() < pool_->capacity() &&
           static_cast<int>(pending_.size()) < window) {
      const std::string reason = StopReason();
      if (!reason.empty()) {
        why = reason;
        stopping = true;
        break;
      }
      Status step = Propose(next_proposal);
      if (step.ok()) step = CompleteReady(&last_checkpoint);
      if (!step.ok()) {
        PrintSummary("failed at iteration " + std::to_string(next_proposal));
        return Fail(1, step.message());
      }
      ++next_proposal;
    }
    if (pending_.empty()) break;
    Status step = CollectOne();
    if (step.ok()) step = CompleteReady(&last_checkpoint);
    if (!step.ok()) {
      PrintSummary("failed at iteration " + std::to_string(pending_.front().iteration));
      return Fail(1, step.message());
    }
  }
  if (g_stop_requested) why = "interrupted (resume with --resume)";
  const int done = state_.next_iteration - 1;
  if (done != last_checkpoint && done > 0) {
    Status cp = Checkpoint(done);
    if (!cp.ok()) return Fail(1, cp.message());
  }
  PrintSummary(why);
  return g_stop_requested ? 130 : 0;
}

}  // namespace

int RunEvolution(const EvolveRunOptions& options) {
  Controller controller(options);
  return controller.Run();
}

}  // namespace tv::evolve
