#include "evolve/llm/templates.h"

#include <cassert>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace tv::evolve {
namespace {

constexpr std::string_view kSystemMessage =
    R"txt(You are an expert performance engineer taking part in an automated evolutionary search. Each turn you see a program, how it scored, and related programs, and you propose a change. A trusted evaluator compiles, checks and times the result on the real machine and keeps the programs that score higher, so a change counts only when it makes the measured score better. The program never measures itself: do not add timing, I/O or caches of your own. Answer in exactly the format the task asks for; a reply in any other format is discarded.
)txt";

constexpr std::string_view kDiffUser = R"txt({program_interface}# Current program

{parent_origin}```cpp
{parent_code}
```

## Its results
{metrics}
{shape_results}{artifacts}{feedback}{second_parent}{top_programs}{inspirations}# Task

{task_intro} {evolve_regions_rule} {improvement_hint}

Answer with one or more SEARCH/REPLACE blocks in exactly this format:

<<<<<<< SEARCH
lines copied exactly from the current program, whitespace included
=======
the lines that replace them
>>>>>>> REPLACE

Rules:
- Each SEARCH text must match a part of an EVOLVE-BLOCK region of the current program character for character; a block whose SEARCH text is not found there fails and is reported back to you.
- Blocks apply in order, each to the result of the previous one; only the first occurrence of a SEARCH text is replaced.
- Keep each SEARCH text short and unique: the few whole lines around the change.
- Before the blocks, explain your idea in one sentence.
{closing}
)txt";

constexpr std::string_view kRewriteUser = R"txt({program_interface}# Current program

{parent_origin}```cpp
{parent_code}
```

## Its results
{metrics}
{shape_results}{artifacts}{feedback}{second_parent}{top_programs}{inspirations}# Task

{task_intro} {evolve_regions_rule} {improvement_hint}

Answer with the complete new program in one fenced code block:

```cpp
the whole program, with its EVOLVE-BLOCK-START and EVOLVE-BLOCK-END marker lines
```

Rules:
- Only the first fenced code block of your reply is used.
- Code outside the EVOLVE-BLOCK regions is taken from the current program whatever you write there; keep the marker lines so that the new regions can be found.
- Before the code block, explain your idea in one sentence.
{closing}
)txt";

constexpr std::string_view kProgramInterface = R"txt(# What the program is

A tiling heuristic for tilevolve's CPU matrix multiplication C = A * B (float32; A is M x K, B is K x N). It defines

    extern "C" tv_tile_config choose_tile_size(int M, int N, int K, const tv_device_info* device);

which tilevolve calls for every problem shape. The tiles it returns drive a BLIS-style GEMM: five loops of MC x KC x NC cache blocks (A and B copied into packed panels) around an MR x NR register microkernel. Rules of thumb: a KC x NR panel of B fits in L1, an MC x KC block of A in L2, a KC x NC panel of B in L3 (4 bytes per element).

The heuristic receives `const tv_device_info* device`, the machine it runs on (never null; sizes in bytes, 0 = unknown):
- l1d_bytes, l2_bytes (each per core), l3_bytes (shared by the cores of this process), cache_line_bytes, memory_bytes (RAM);
- physical_cores, logical_cpus (usable by this process);
- vector_bits (widest float vector the GEMM uses: 512, 256 or 128), has_avx2, has_fma, has_avx512f, has_avx512bw, has_avx512vl, has_avx512_bf16 (0 or 1);
- cpu_vendor, cpu_model, fingerprint (strings), cpu_family, cpu_model_id, version;
- gpu_count, gpu_name, gpu_cc_major, gpu_cc_minor, gpu_sm_count, gpu_smem_per_block, gpu_smem_per_sm, gpu_regs_per_sm, gpu_l2_bytes, gpu_memory_bytes, gpu_memory_bandwidth: the CUDA device (all 0 for this CPU GEMM).

It returns a tv_tile_config; every field may be 0, meaning "auto":
- mc, nc, kc: the cache blocks (rows of A, columns of B, depth), each in [1, 65536] when set;
- mr, nr: the microkernel shape (0 = the ISA's default);
- threads (0 = all the GEMM has); parallel: which loop the threads split (TV_PARALLEL_AUTO, TV_PARALLEL_N, TV_PARALLEL_M, TV_PARALLEL_K);
- pack_a, pack_b: copy the operand into packed panels (TV_PACK_AUTO, TV_PACK_ON, TV_PACK_OFF);
- path: TV_PATH_AUTO, TV_PATH_BLOCKED (the five loops) or TV_PATH_SMALL_M (M <= TV_SMALL_M_MAX_ROWS = 32: A in registers, B streamed once);
- warp_m, warp_n, stages, split_k, swizzle, gpu_kernel: CUDA backend only; this CPU GEMM ignores them.
Whatever it returns is legalized (clamped, aligned, made consistent with the shape and the machine) before the GEMM runs it; the results show the requested and the legalized tiles where they differ.

It must be a pure function: no I/O, files, clock, threads or changing globals (a system-call filter rejects programs that try); it must answer every shape, including M, N or K of 1 and odd primes, quickly and the same way every time. tilevolve/heuristic.h is force-included; standard headers such as <cmath> may be included.

The score (combined_score) is the geometric mean, over the training shapes, of the speedup over tilevolve's baseline heuristic (the initial program's logic): baseline time / this program's time, measured side by side on this machine. 1.0 is as fast as the baseline.

)txt";

}  // namespace

std::string_view BuiltinTemplate(std::string_view name) {
  if (name == kSystemMessageTemplate) return kSystemMessage;
  if (name == kDiffUserTemplate) return kDiffUser;
  if (name == kRewriteUserTemplate) return kRewriteUser;
  if (name == kProgramInterfaceTemplate) return kProgramInterface;
  assert(false && "unknown template name");
  return {};
}

Result<std::string> LoadTemplate(std::string_view name, const std::string& template_dir) {
  if (template_dir.empty()) return std::string(BuiltinTemplate(name));
  std::error_code error;
  if (!std::filesystem::is_directory(template_dir, error)) {
    return Status::NotFound("prompt.template_dir '" + template_dir +
                            "' is not a directory; set it to a folder of template files (" +
                            std::string(kSystemMessageTemplate) + ", " + std::string(kDiffUserTemplate) +
                            ", " + std::string(kRewriteUserTemplate) + ") or leave it empty");
  }
  const std::filesystem::path path = std::filesystem::path(template_dir) / name;
  if (!std::filesystem::exists(path, error)) return std::string(BuiltinTemplate(name));
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in || std::filesystem::is_directory(path, error)) {
    return Status::InvalidArgument("cannot read the prompt template " + path.string());
  }
  return text.str();
}

const std::map<std::string, std::vector<std::string>>& PhraseVariants() {
  static const auto* const variants = new std::map<std::string, std::vector<std::string>>{
      {"task_intro",
       {"Improve the program so that it scores higher.",
        "Propose one change that raises the program's score.",
        "Suggest an improvement that makes the program faster on the shapes it is scored on."}},
      {"improvement_hint",
       {"Study the results above: where is the program weakest, and why?",
        "Prefer one well-reasoned idea to many blind changes.",
        "The other programs show what has worked so far: build on them, or try what they have not."}},
      {"closing", {"Keep your reply short.", "Nothing else is needed in your reply.", "Be concise."}},
  };
  return *variants;
}

std::string FillTemplate(std::string_view text, const std::map<std::string, std::string>& values) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '{') {
      const size_t close = text.find('}', i + 1);
      if (close != std::string_view::npos) {
        const auto it = values.find(std::string(text.substr(i + 1, close - i - 1)));
        if (it != values.end()) {
          out += it->second;
          i = close + 1;
          continue;
        }
      }
    }
    out += text[i];
    ++i;
  }
  return out;
}

}  // namespace tv::evolve
