#include "report/page_assets.h"

namespace tv::report {

const char* const kReportCss = R"css(
:root { --fg: #1d2329; --muted: #5f6b76; --line: #d8dde2; --accent: #0072B2; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
       margin: 0 auto; padding: 16px 24px 48px; max-width: 1180px; }
h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 18px; border-bottom: 1px solid var(--line);
     padding-bottom: 4px; margin-top: 32px; } h3 { font-size: 15px; margin: 18px 0 6px; } h4 { margin: 12px 0 4px; }
nav a { margin-right: 12px; color: var(--accent); } .meta { color: var(--muted); }
table { border-collapse: collapse; margin: 8px 0; } th, td { text-align: left; padding: 3px 10px 3px 0;
        border-bottom: 1px solid var(--line); vertical-align: top; }
td { overflow-wrap: anywhere; } .lines { white-space: pre-line; }
td.num { text-align: right; font-variant-numeric: tabular-nums; } td.note { color: var(--muted); }
table.summary td[data-key] { font-weight: 600; font-variant-numeric: tabular-nums; }
.notice { background: #fff4d6; border-left: 4px solid #E69F00; padding: 6px 10px; }
figure { margin: 8px 0 16px; } figcaption { color: var(--muted); font-size: 12px; }
svg.plot { width: 100%; height: auto; display: block; }
svg text { font: 11px system-ui, sans-serif; fill: var(--fg); } .axis-title { font-size: 12px; }
.axes .grid { stroke: #eceff1; } .axes .axis { stroke: #6b7680; fill: none; }
.reference { stroke: #6b7680; stroke-dasharray: 3 3; }
.island-best { fill: none; stroke-width: 1.5; stroke-dasharray: 5 3; opacity: 0.8; }
.best-line { fill: none; stroke-width: 2.5; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; align-items: center; }
.legend-entry { display: inline-flex; align-items: center; gap: 4px; }
.swatch { display: inline-block; width: 12px; height: 12px; border: 1px solid #ccc; }
.scale { display: inline-block; width: 140px; height: 12px; border: 1px solid #ccc; }
.grids { display: flex; flex-wrap: wrap; gap: 12px; } .grids figure { margin: 0; max-width: 100%; }
.grids svg { max-width: 100%; height: auto; } rect.occupied:hover { stroke: #000; }
ol.lineage { display: flex; flex-wrap: wrap; gap: 6px; padding: 0; list-style: none; }
ol.lineage li::after { content: "\2192"; margin-left: 6px; color: var(--muted); }
ol.lineage li:last-child::after { content: ""; }
button.step { font: inherit; border: 1px solid var(--line); background: #f7f9fa; border-radius: 4px;
              padding: 3px 8px; cursor: pointer; } button.step.current { border-color: var(--accent);
              background: #e3f1fa; }
.js .step-detail { display: none; } .js .step-detail.shown { display: block; }
.step-detail { border: 1px solid var(--line); border-radius: 4px; padding: 4px 14px 10px; margin: 10px 0; }
.change { font-style: italic; }
pre { background: #f6f8fa; padding: 8px; overflow-x: auto; font-size: 12px; max-height: 480px; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; }
table.diff { width: 100%; font-size: 12px; } table.diff td { border: 0; padding: 0 6px; white-space: pre-wrap; }
table.diff td.ln { color: var(--muted); text-align: right; width: 3em; user-select: none; }
tr.add { background: #e6ffec; } tr.del { background: #ffebe9; } tr.skip td { color: var(--muted); }
.added { color: #1a7f37; } .removed { color: #cf222e; }
table.tiles td { font-size: 12px; } mark { background: #fff0b3; }
details.failure { margin: 6px 0; } details > summary { cursor: pointer; }
@media print {
  body { max-width: none; padding: 0; } nav, button.step { border: 0; background: none; }
  .js .step-detail { display: block; } pre { max-height: none; white-space: pre-wrap; }
  section { break-inside: auto; } figure, tr { break-inside: avoid; }
}
)css";

const char* const kReportScript = R"js(
(function () {
  "use strict";
  try {
    document.documentElement.classList.add("js");
    var steps = Array.prototype.slice.call(document.querySelectorAll("button.step"));
    var details = Array.prototype.slice.call(document.querySelectorAll(".step-detail"));
    var show = function (id) {
      details.forEach(function (d) { d.classList.toggle("shown", d.id === id); });
      steps.forEach(function (b) { b.classList.toggle("current", b.getAttribute("data-step") === id); });
    };
    steps.forEach(function (b) {
      b.addEventListener("click", function () { show(b.getAttribute("data-step")); });
    });
    if (steps.length > 0) show(steps[steps.length - 1].getAttribute("data-step"));
    document.body.setAttribute("data-report-script", "ok");
  } catch (e) {
    document.documentElement.classList.remove("js");
    document.body.setAttribute("data-report-script", "error: " + e);
  }
})();
)js";

}  // namespace tv::report
