export const STYLE = `
:root { --fg: #1d2330; --muted: #5b6475; --line: #d9dee7; --bg: #fbfcfe; --accent: #2f5fa7; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
nav { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid var(--line); padding: 8px 24px; font-size: 14px; }
nav a { color: var(--accent); text-decoration: none; }
main { max-width: 1200px; margin: 0 auto; padding: 8px 24px 64px; }
h1 { margin: 16px 0 4px; } h2 { margin-top: 36px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 .size { color: var(--muted); font-weight: normal; font-size: 14px; }
.meta, .where { color: var(--muted); }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: #eef2f8; }
table.results td { min-width: 170px; }
.ci, .ratio, .scale, .samples { color: var(--muted); font-size: 12px; }
.noisy { color: #8a5a00; font-size: 12px; }
.suspect { color: #7b2d8b; font-weight: 600; font-size: 12px; }
.reason { color: #7b2d8b; font-size: 11px; display: inline-block; max-width: 28em; }
td.failed { background: #fde2e2; color: #9b1c1c; font-weight: 600; }
.failed-text { color: #9b1c1c; font-weight: 600; }
td.missing { color: var(--muted); }
.failure { background: #fde2e2; border-left: 4px solid #c53030; padding: 6px 10px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
.chart { flex: 1 1 420px; min-width: 320px; }
.timeline { display: flex; align-items: flex-start; gap: 8px; margin: 4px 0; }
.tl-label { width: 190px; font-size: 13px; padding-top: 2px; }
svg.gantt { max-width: 100%; height: auto; font: 11px system-ui, sans-serif; }
svg.gantt .grid { stroke: #e3e7ee; }
details { margin: 8px 0; } summary { cursor: pointer; color: var(--accent); }
.concept { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 4px 16px; margin: 12px 0; }
.concept li.absent { color: var(--muted); }
.exp-table td { font-size: 13px; } .note { color: var(--muted); font-size: 13px; margin: 2px 0 4px; }
code { background: #eef2f8; padding: 0 3px; border-radius: 3px; }
`;
