#include "report/run_report.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "report/html.h"
#include "report/page_assets.h"
#include "report/sections.h"

namespace tv::report {
namespace {

std::string UtcNow() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S UTC", &utc);
  return buffer;
}

}  // namespace

std::string RenderRunReport(const RunData& run) {
  const std::string shapes = ShapesSection(run);
  const std::string devices = DevicesSection(run);
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<meta name=\"generator\" content=\"tilevolve report\"><title>tilevolve run: " +
      EscapeHtml(run.output_dir) + "</title><style>" + kReportCss + "</style></head><body>";
  html += "<header><h1>tilevolve run <code>" + EscapeHtml(run.output_dir) + "</code></h1><p class=\"meta\">" +
          "Report written " + UtcNow() + " from " + EscapeHtml(run.database_path) + ".</p><nav>" +
          "<a href=\"#summary\">Summary</a><a href=\"#progress\">Scores</a><a href=\"#lineage\">Lineage</a>" +
          "<a href=\"#map-elites\">MAP-Elites</a>" +
          (shapes.empty() ? "" : "<a href=\"#shapes\">Shapes</a>") +
          (devices.empty() ? "" : "<a href=\"#devices\">Devices</a>") +
          "<a href=\"#failures\">Failures</a></nav></header><main>";
  html += SummarySection(run) + ProgressSection(run) + LineageSection(run) + MapElitesSection(run) + shapes +
          devices + FailuresSection(run);
  html += "</main><script>" + std::string(kReportScript) + "</script></body></html>\n";
  return html;
}

std::string DefaultReportPath(const std::string& output_dir) { return output_dir + "/report.html"; }

Status WriteRunReport(const std::string& output_dir, const std::string& html_path) {
  Result<RunData> run = LoadRun(output_dir);
  if (!run.ok()) return run.status();
  const std::string path = html_path.empty() ? DefaultReportPath(output_dir) : html_path;
  const std::string html = RenderRunReport(*run);
  const std::string temporary = path + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << html;
    out.close();
    if (!out) {
      std::error_code ec;
      std::filesystem::remove(temporary, ec);
      return Status::Unavailable("cannot write the report to " + path +
                                 "; check that its directory exists and is writable, or pass -o FILE");
    }
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::filesystem::remove(temporary, ec);
    return Status::Unavailable("cannot write the report to " + path + " (" + ec.message() +
                               "); check that its directory is writable, or pass -o FILE");
  }
  return Status::Ok();
}

}  // namespace tv::report
