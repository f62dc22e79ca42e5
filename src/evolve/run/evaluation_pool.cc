#include "evolve/run/evaluation_pool.h"

#include <deque>
#include <filesystem>
#include <utility>

#include "evolve/run/run_files.h"

namespace tv::evolve {
namespace {

class LocalEvaluationPool final : public EvaluationPool {
 public:
  LocalEvaluationPool(std::unique_ptr<ProgramEvaluator> evaluator, std::string scratch_dir,
                      std::string devices_text)
      : evaluator_(std::move(evaluator)),
        scratch_dir_(std::move(scratch_dir)),
        devices_text_(std::move(devices_text)) {}

  int capacity() const override { return 1; }
  int in_flight() const override { return static_cast<int>(queued_.size()); }

  Status Submit(EvaluationJob job) override {
    if (in_flight() >= capacity()) return Status::Internal("the local evaluation pool is full");
    queued_.push_back(std::move(job));
    return Status::Ok();
  }

  Result<EvaluationResult> Next() override {
    if (queued_.empty()) return Status::Internal("no evaluation in flight");
    const EvaluationJob job = std::move(queued_.front());
    queued_.pop_front();
    std::error_code ec;
    std::filesystem::create_directories(scratch_dir_, ec);
    const std::string path = scratch_dir_ + "/candidate_" + std::to_string(job.ticket) + ".cpp";
    TV_RETURN_IF_ERROR(WriteFileAtomically(path, job.code));
    Result<ProgramScore> score = Status::Internal("not evaluated");
    if (job.rescore) {
      score = evaluator_->RescoreAgainst(path, job.promoted_metrics);
    } else if (job.parent.has_value()) {
      const ProgramRecord parent = ParentRecordOf(*job.parent);
      score = evaluator_->Score(path, &parent);
    } else {
      score = evaluator_->Score(path, nullptr);
    }
    std::filesystem::remove(path, ec);
    if (!score.ok()) return score.status();
    return EvaluationResult{job.ticket, std::move(*score)};
  }

  std::string description() const override { return evaluator_->description(); }
  std::string devices_text() const override { return devices_text_; }

 private:
  std::unique_ptr<ProgramEvaluator> evaluator_;
  std::string scratch_dir_;
  std::deque<EvaluationJob> queued_;
  std::string devices_text_;
};

}  // namespace

std::unique_ptr<EvaluationPool> MakeLocalEvaluationPool(std::unique_ptr<ProgramEvaluator> evaluator,
                                                        std::string scratch_dir, std::string devices_text) {
  return std::make_unique<LocalEvaluationPool>(std::move(evaluator), std::move(scratch_dir),
                                               std::move(devices_text));
}

ProgramRecord ParentRecordOf(const ParentSummary& parent) {
  ProgramRecord record;
  record.outcome = parent.outcome;
  record.score = parent.score;
  record.metrics_json = parent.metrics_json;
  return record;
}

}  // namespace tv::evolve
