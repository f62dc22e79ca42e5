// `tilevolve report OUTPUT_DIR [-o report.html]`: the run's HTML report.
#include <cstdio>

#include "commands.h"
#include "report/run_report.h"

namespace tv::app {

int RunReport(const ReportOptions& options) {
  const std::string path =
      options.html_path.empty() ? report::DefaultReportPath(options.output_dir) : options.html_path;
  const Status status = report::WriteRunReport(options.output_dir, path);
  if (!status.ok()) {
    std::fprintf(stderr, "tilevolve report: %s\n", status.message().c_str());
    return status.code() == StatusCode::kInvalidArgument || status.code() == StatusCode::kNotFound ? 2 : 1;
  }
  std::printf("report: %s\n", path.c_str());
  return 0;
}

}  // namespace tv::app
