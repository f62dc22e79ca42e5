// The HTML report of an evolution run (`tilevolve report`): one self-contained
// file (inline CSS, SVG and a little JavaScript; nothing fetched from the
// network) that tells the story of the run: summary, scores over iterations,
// the lineage of the best program with code and diffs, the MAP-Elites grids,
// per-shape speedups and tiles (GEMM runs), and failures grouped by outcome.
//
// The evolution controller may call WriteRunReport at every checkpoint: it only
// reads the database (a second, read-only connection) and writes `html_path`
// through a temporary file and a rename, so a reader never sees half a page.
#pragma once

#include <string>

#include "core/status.h"
#include "report/run_data.h"

namespace tv::report {

// The whole page for a loaded run.
std::string RenderRunReport(const RunData& run);

// Reads the run in `output_dir` and writes its report to `html_path` (empty:
// OUTPUT_DIR/report.html). Errors name the directory or file and what to do.
Status WriteRunReport(const std::string& output_dir, const std::string& html_path);

// The path WriteRunReport writes for an empty `html_path`.
std::string DefaultReportPath(const std::string& output_dir);

}  // namespace tv::report
