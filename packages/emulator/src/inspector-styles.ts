/** CSS of the inspector page: light and dark themes, no external assets. @internal */
export const INSPECTOR_CSS = `
:root {
  --bg: #f6f7fb; --panel: #ffffff; --text: #1d2330; --muted: #677086; --line: #e3e6ef; --accent: #4f46e5;
  --accent-soft: #eef0ff; --ok: #15803d; --ok-soft: #e7f6ec; --warn: #b45309; --warn-soft: #fdf3e3;
  --bad: #b91c1c; --bad-soft: #fdeaea; --info: #0e7490; --info-soft: #e2f4f8; --shadow: 0 1px 2px rgba(16,24,40,.06), 0 1px 3px rgba(16,24,40,.08);
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1218; --panel: #171b24; --text: #e6e9f0; --muted: #98a1b5; --line: #272d3a; --accent: #8b85ff;
    --accent-soft: #24224a; --ok: #4ade80; --ok-soft: #11291b; --warn: #fbbf24; --warn-soft: #2e2410;
    --bad: #f87171; --bad-soft: #341516; --info: #67e8f9; --info-soft: #0f2a30; --shadow: none;
  }
}
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); color: var(--text); }
header { display: flex; align-items: center; gap: 16px; padding: 14px 24px; background: var(--panel); border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 5; }
header h1 { font-size: 16px; margin: 0; font-weight: 650; letter-spacing: -.01em; }
header h1 span { color: var(--muted); font-weight: 400; }
.logo { width: 28px; height: 28px; border-radius: 8px; background: linear-gradient(135deg, var(--accent), #22d3ee); }
.spacer { flex: 1; }
.pill { display: inline-flex; align-items: center; gap: 6px; padding: 3px 10px; border-radius: 999px; background: var(--bg); border: 1px solid var(--line); color: var(--muted); font-size: 12px; white-space: nowrap; }
.dot { width: 8px; height: 8px; border-radius: 50%; background: var(--muted); }
.live .dot { background: var(--ok); box-shadow: 0 0 0 3px var(--ok-soft); }
button { font: inherit; border: 1px solid var(--line); background: var(--panel); color: var(--text); padding: 6px 12px; border-radius: 8px; cursor: pointer; }
button:hover { border-color: var(--accent); }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button.danger:hover { border-color: var(--bad); color: var(--bad); }
main { padding: 20px 24px 40px; max-width: 1500px; margin: 0 auto; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; margin-bottom: 18px; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 12px; padding: 12px 14px; box-shadow: var(--shadow); }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 22px; font-weight: 650; margin-top: 2px; font-variant-numeric: tabular-nums; }
.card .value.bad { color: var(--bad); }
nav.tabs { display: flex; gap: 4px; border-bottom: 1px solid var(--line); margin-bottom: 14px; }
nav.tabs button { border: 0; border-bottom: 2px solid transparent; border-radius: 0; background: none; padding: 8px 14px; color: var(--muted); }
nav.tabs button.active { color: var(--text); border-bottom-color: var(--accent); font-weight: 600; }
nav.tabs .count { margin-left: 6px; font-size: 11px; padding: 1px 7px; border-radius: 999px; background: var(--accent-soft); color: var(--accent); }
.toolbar { display: flex; gap: 8px; margin-bottom: 10px; align-items: center; }
input, select { font: inherit; padding: 6px 10px; border-radius: 8px; border: 1px solid var(--line); background: var(--panel); color: var(--text); }
input[type=search] { min-width: 280px; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 12px; box-shadow: var(--shadow); overflow: hidden; }
table { width: 100%; border-collapse: collapse; }
th { text-align: left; font-size: 12px; font-weight: 600; color: var(--muted); padding: 8px 12px; border-bottom: 1px solid var(--line); background: var(--bg); position: sticky; top: 0; }
td { padding: 7px 12px; border-bottom: 1px solid var(--line); white-space: nowrap; max-width: 260px; overflow: hidden; text-overflow: ellipsis; font-variant-numeric: tabular-nums; }
tbody tr { cursor: pointer; }
tbody tr:hover { background: var(--accent-soft); }
tbody tr.fresh { animation: flash 1.2s ease-out; }
@keyframes flash { from { background: var(--info-soft); } to { background: transparent; } }
.scroll { max-height: 62vh; overflow: auto; }
.mono { font-family: var(--mono); font-size: 12.5px; }
.muted { color: var(--muted); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 6px; font-size: 12px; font-weight: 600; }
.b-ok { background: var(--ok-soft); color: var(--ok); }
.b-bad { background: var(--bad-soft); color: var(--bad); }
.b-warn { background: var(--warn-soft); color: var(--warn); }
.b-info { background: var(--info-soft); color: var(--info); }
.b-muted { background: var(--bg); color: var(--muted); border: 1px solid var(--line); }
.empty { padding: 36px; text-align: center; color: var(--muted); }
.drawer { position: fixed; top: 0; right: 0; bottom: 0; width: min(720px, 96vw); background: var(--panel); border-left: 1px solid var(--line); transform: translateX(100%); transition: transform .18s ease, visibility .18s; visibility: hidden; z-index: 10; display: flex; flex-direction: column; }
.drawer.open { transform: none; visibility: visible; box-shadow: -12px 0 32px rgba(0,0,0,.18); }
.drawer header { position: static; }
.drawer .body { padding: 16px 20px; overflow: auto; flex: 1; }
.drawer h3 { margin: 18px 0 8px; font-size: 13px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
pre { margin: 0; padding: 12px; background: var(--bg); border: 1px solid var(--line); border-radius: 8px; overflow: auto; font-family: var(--mono); font-size: 12.5px; white-space: pre-wrap; word-break: break-word; }
dl.kv { display: grid; grid-template-columns: 170px 1fr; gap: 4px 12px; margin: 0; }
dl.kv dt { color: var(--muted); }
dl.kv dd { margin: 0; font-family: var(--mono); font-size: 12.5px; word-break: break-all; }
ul.violations { margin: 0; padding: 0; list-style: none; }
ul.violations li { padding: 8px 10px; border-left: 3px solid var(--bad); background: var(--bad-soft); border-radius: 6px; margin-bottom: 6px; }
ul.violations li.warning { border-color: var(--warn); background: var(--warn-soft); }
ul.violations code { font-family: var(--mono); font-weight: 600; }
.split { display: grid; grid-template-columns: 320px 1fr; gap: 14px; }
.list .item { padding: 10px 14px; border-bottom: 1px solid var(--line); cursor: pointer; }
.list .item:hover, .list .item.selected { background: var(--accent-soft); }
.timeline-title { padding: 14px 20px 0; font-weight: 600; }
.timeline { list-style: none; margin: 0; padding: 16px 20px; position: relative; }
.timeline li { position: relative; padding: 0 0 16px 22px; border-left: 2px solid var(--line); margin-left: 6px; }
.timeline li::before { content: ""; position: absolute; left: -7px; top: 3px; width: 12px; height: 12px; border-radius: 50%; background: var(--accent); border: 2px solid var(--panel); }
.timeline li.dup::before { background: var(--warn); }
.timeline .when { font-size: 12px; color: var(--muted); }
.form { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; padding: 14px; align-items: end; }
.form label { display: flex; flex-direction: column; gap: 4px; font-size: 12px; color: var(--muted); }
.hidden { display: none !important; }
.error-groups .label { text-transform: none; letter-spacing: 0; font-family: var(--mono); }
.error-groups { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 10px; margin-bottom: 12px; }
`
