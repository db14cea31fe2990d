/**
 * Rules of the dashboard and flags pages, to append to the console's stylesheet (assets/console-css.ts): the chart
 * scales with its column, nested unit rows are indented by class (no `style` attribute under the CSP), figure links
 * are large enough to hit on a phone, and the filter form wraps.
 */
export const DASHBOARD_CSS = `
.due-chart { display: block; width: 100%; height: auto; max-height: 22rem; background: #fff; }
.chart-card { background: var(--card, #fff); border: 1px solid var(--line, #d0d7de); border-radius: 6px; padding: 0.5rem; margin: 0 0 1rem; }
.filters { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 0.5rem 1rem; margin: 0 0 1rem; }
.filters .field { margin: 0; }
.figures td.num a, .figures th.num a { display: inline-block; min-width: 2.75rem; padding: 0.35rem 0.5rem; text-align: right; font-weight: 600; }
.figures tr.zero-row td { color: var(--muted, #55606b); }
.figures td.unit.depth-1 { padding-left: 1.75rem; }
.figures td.unit.depth-2 { padding-left: 3rem; }
.figures td.unit.depth-3 { padding-left: 4.25rem; }
.figures td.unit.depth-4 { padding-left: 5.5rem; }
.figures tfoot th, .figures tfoot td { border-top: 2px solid var(--ink, #1b1f24); font-weight: 700; }
.pager { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; margin: 0 0 1rem; }
.status-overdue { color: var(--bad, #b42318); font-weight: 700; }
.status-approaching { color: var(--warn, #8a5a00); font-weight: 700; }
.nowrap { white-space: nowrap; }
/* Wide tables scroll inside their .table-wrap on a phone instead of breaking words letter by letter. */
table.figures { min-width: 48rem; }
table.flags { min-width: 68rem; }
table.figures th, table.figures td, table.flags th, table.flags td { overflow-wrap: normal; }
table.flags .reasons { min-width: 18rem; }
details.chart-data summary { cursor: pointer; padding: 0.25rem 0; }
`;
