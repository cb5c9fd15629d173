export const STYLE = `
:root { --fg: #1d2330; --muted: #5b6475; --line: #d9dee7; --bg: #fbfcfe; --accent: #2f5fa7; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
nav { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid var(--line); padding: 6px 16px; font-size: 14px;
  white-space: nowrap; overflow-x: auto; display: flex; gap: 14px; align-items: center; }
nav a { color: var(--accent); text-decoration: none; }
nav button { margin-left: auto; font: inherit; font-size: 13px; color: var(--accent); background: none; border: 1px solid var(--line); border-radius: 4px; padding: 1px 8px; cursor: pointer; }
main { max-width: 1200px; margin: 0 auto; padding: 4px 16px 48px; }
h1 { margin: 12px 0 2px; font-size: 26px; }
h2 { margin: 0; font-size: 20px; display: inline; }
h3 { margin: 0; font-size: 17px; display: inline; }
h3 .size { color: var(--muted); font-weight: normal; font-size: 14px; }
section > h2 { display: block; margin: 18px 0 6px; }
.meta, .where, .summary-note { color: var(--muted); }
.meta { margin: 0 0 8px; font-size: 13px; overflow-wrap: anywhere; }
ul.verdict { margin: 4px 0; padding-left: 20px; } ul.verdict li { margin: 2px 0; }
details.section { border-top: 1px solid var(--line); padding: 6px 0; scroll-margin-top: 40px; }
section, .exp-table, .concept { scroll-margin-top: 40px; }
details.section > summary { cursor: pointer; list-style-position: inside; }
details.section.level-3 { margin-left: 4px; }
.summary-note { font-size: 13px; margin-left: 10px; }
.section-body { padding: 4px 0 8px; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; margin: 6px 0 12px; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
thead th { background: #eef2f8; }
table.results td { white-space: nowrap; }
table.heat td { text-align: center; min-width: 84px; white-space: nowrap; }
table.heat td small { display: block; color: var(--muted); font-size: 12px; }
table.heat tr.extra th, table.heat tr.extra td { border-top: 2px solid var(--line); }
.ratio { color: var(--fg); font-size: 13px; margin-left: 4px; }
.suspect, td.suspect-cell { color: #7b2d8b; font-weight: 600; font-size: 12px; }
td.suspect-cell { background: repeating-linear-gradient(45deg, #f6f0f8, #f6f0f8 4px, #fff 4px, #fff 8px); }
td.failed { background: #fde2e2; color: #9b1c1c; font-weight: 600; }
.failed-text { color: #9b1c1c; font-weight: 600; }
td.missing { color: var(--muted); }
.failure { background: #fde2e2; border-left: 4px solid #c53030; padding: 6px 10px; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
.chart { flex: 1 1 320px; min-width: 0; max-width: 640px; }
.timeline { display: flex; align-items: flex-start; gap: 8px; margin: 4px 0; }
.tl-label { width: 170px; flex: none; font-size: 13px; padding-top: 2px; }
svg.gantt { font: 11px system-ui, sans-serif; }
svg.gantt .grid { stroke: #e3e7ee; }
details.timelines { margin: 6px 0; } details.timelines > summary { cursor: pointer; color: var(--accent); }
details > summary { cursor: pointer; }
.concept { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 4px 12px; margin: 10px 0; }
.concept li.absent { color: var(--muted); }
.exp-table td { font-size: 13px; } .note { color: var(--muted); font-size: 13px; margin: 2px 0 4px; }
code { background: #eef2f8; padding: 0 3px; border-radius: 3px; overflow-wrap: anywhere; }
p, li { overflow-wrap: anywhere; }
@media (max-width: 600px) { body { font-size: 14px; } main { padding: 4px 10px 32px; } .tl-label { width: 110px; } }
`;
