// Scratch: decode only, for perf.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include "device/device.h"
#include "heuristic/baseline.h"
#include "infer/generation_timing.h"
#include "infer/matmul_engine.h"
#include "infer/model_config.h"
#include "infer/transformer.h"
#include "infer/weights.h"
using namespace tv;
using namespace tv::infer;
int main(int argc, char** argv) {
  auto config = LoadModelConfig(argc > 1 ? argv[1] : "smollm2-135m");
  int tokens = argc > 2 ? atoi(argv[2]) : 64;
  auto w = RandomWeights(*config, kDefaultWeightLayout, 1);
  TilevolveEngine engine("baseline", 2, TileChooser::FromHeuristic(heuristic::ChooseBaselineTiles, device::DetectCpu()));
  Transformer model(w, engine, 16 + tokens + 1, 16);
  auto prompt = RandomPrompt(16, config->vocab_size, 1);
  for (int r = 0; r < 4; ++r) {
    auto g = Generate(model, prompt, tokens);
    printf("decode %.2f tokens/s\n", tokens / g->decode_s);
  }
}
