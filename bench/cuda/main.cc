// tilevolve-cuda-bench: the CUDA backend on one GPU, standalone.
//
//   tilevolve-cuda-bench --info                  device facts and the copy bandwidth
//   tilevolve-cuda-bench --check [--filter S] [--small-cases] [--aligned-copies]
//                                                every menu instance against the float64 reference
//   tilevolve-cuda-bench --suite                 DefaultTiles vs cuBLAS, side by side, per shape
//   tilevolve-cuda-bench --oracle                every candidate config per shape (the menu's best) and
//   cuBLAS
// Options: --shapes MxNxK,... (default: the 17 anchor shapes), --dtype bf16|fp16,
//          --reps N, --json FILE (records of --suite and --oracle).
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "anchor_shapes.h"
#include "bench_modes.h"

namespace {

void Usage() {
  std::fprintf(
      stderr,
      "usage: tilevolve-cuda-bench [--info] [--check [--filter SUBSTRING] [--small-cases] "
      "[--aligned-copies]] "
      "[--suite] "
      "[--oracle]\n"
      "                            [--shapes MxNxK,...] [--dtype bf16|fp16] [--reps N] [--json FILE]\n");
}

int Main(int argc, char** argv) {
  tv::bench::cuda::BenchOptions options;
  options.shapes = tv::bench::cuda::AnchorShapes();
  std::string json_path;
  bool any_mode = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", arg.c_str());
        Usage();
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--info") {
      options.info = any_mode = true;
    } else if (arg == "--check") {
      options.check = any_mode = true;
    } else if (arg == "--suite") {
      options.suite = any_mode = true;
    } else if (arg == "--oracle") {
      options.oracle = any_mode = true;
    } else if (arg == "--small-cases") {
      options.small_cases = true;
    } else if (arg == "--aligned-copies") {
      options.aligned_copies = true;
    } else if (arg == "--filter") {
      options.filter = value();
    } else if (arg == "--shapes") {
      options.shapes = tv::bench::cuda::ParseShapes(value());
      if (options.shapes.empty()) {
        std::fprintf(stderr,
                     "--shapes wants MxNxK[,MxNxK...] with sizes >= 0, e.g. 1x4096x4096,512x4096x4096\n");
        return 2;
      }
    } else if (arg == "--dtype") {
      const std::string dtype = value();
      if (dtype != "bf16" && dtype != "fp16") {
        std::fprintf(stderr, "--dtype is bf16 or fp16, not '%s'\n", dtype.c_str());
        return 2;
      }
      options.dtype = dtype == "bf16" ? tv::gemm::cuda::DType::kBf16 : tv::gemm::cuda::DType::kFp16;
    } else if (arg == "--reps") {
      options.reps = std::atoi(value().c_str());
      if (options.reps < 1) {
        std::fprintf(stderr, "--reps must be >= 1\n");
        return 2;
      }
    } else if (arg == "--json") {
      json_path = value();
    } else {
      std::fprintf(stderr, "unknown argument '%s'\n", arg.c_str());
      Usage();
      return 2;
    }
  }
  if (!any_mode) options.info = true;
  nlohmann::json records = nlohmann::json::object();
  const int rc = tv::bench::cuda::RunBench(options, records);
  if (!json_path.empty()) {
    std::ofstream out(json_path);
    out << records.dump(1) << "\n";
    if (!out) {
      std::fprintf(stderr, "could not write %s\n", json_path.c_str());
      return 1;
    }
  }
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  // Expected failures are Status values; anything thrown this far (a library's
  // exception, e.g. a JSON or allocation failure) is a bug, reported instead of aborting.
  try {
    return Main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tilevolve-cuda-bench: internal error: %s\n", e.what());
    return 1;
  }
}
