// The page's inline stylesheet and script (report_page.cc puts them in <head>
// and at the end of <body>). The script only shows and hides lineage steps and
// marks <body data-report-script="ok"> when it ran without an error (the
// headless-browser test reads that marker).
#pragma once

namespace tv::report {

extern const char* const kReportCss;
extern const char* const kReportScript;

}  // namespace tv::report
