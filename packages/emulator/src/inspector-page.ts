import { RECOMMENDATIONS_SCRIPT, RECOMMENDATIONS_SECTION } from './attribution/inspector-recommendations'
import { INSPECTOR_SCRIPT } from './inspector-script'
import { INSPECTOR_CSS } from './inspector-styles'

const OPERATION_OPTIONS = [
  'PutEvents',
  'PutItems',
  'PutUsers',
  'PutActions',
  'PutActionInteractions',
  'GetRecommendations',
  'GetPersonalizedRanking',
  'GetActionRecommendations',
]
  .map((op) => `<option value="${op}">${op}</option>`)
  .join('')

/**
 * The inspector served at the emulator's root URL: one self-contained HTML document (styles and script inline,
 * no build step, no external requests) driven by the admin API and its SSE stream.
 * @internal
 */
export function inspectorHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Personalize Events emulator</title>
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='4' fill='%234f46e5'/%3E%3C/svg%3E">
<style>${INSPECTOR_CSS}</style>
</head>
<body>
<header>
  <div class="logo" aria-hidden="true"></div>
  <h1>Personalize Events emulator <span>· @personalize-kit/emulator</span></h1>
  <span class="pill" id="mode"></span>
  <div class="spacer"></div>
  <span class="pill" id="live" data-testid="live"><span class="dot"></span><span id="live-text">connecting…</span></span>
  <button id="pause" type="button">Pause</button>
  <button id="reset" type="button" class="danger" data-testid="reset">Reset</button>
</header>
<main>
  <div class="cards" id="cards"></div>
  <nav class="tabs" role="tablist">
    <button type="button" data-tab="requests" data-testid="tab-requests">Requests<span class="count">0</span></button>
    <button type="button" data-tab="records" data-testid="tab-records">Records<span class="count">0</span></button>
    <button type="button" data-tab="sessions" data-testid="tab-sessions">Sessions<span class="count">0</span></button>
    <button type="button" data-tab="errors" data-testid="tab-errors">Errors<span class="count">0</span></button>
    <button type="button" data-tab="faults" data-testid="tab-faults">Faults<span class="count">0</span></button>
    <button type="button" data-tab="recommendations" data-testid="tab-recommendations">Recommendations<span class="count">0</span></button>
  </nav>
  <div class="toolbar">
    <input type="search" id="filter" placeholder="Filter by anything: session, user, event type, error…" aria-label="Filter">
  </div>

${RECOMMENDATIONS_SECTION}
  <section data-view="requests">
    <div class="panel scroll">
      <table>
        <thead><tr><th>Time</th><th>Operation</th><th>Status</th><th>Error / fault</th><th>Records</th><th>Handling</th><th>SigV4</th><th>Session</th><th>Attempt</th></tr></thead>
        <tbody id="requests-body"></tbody>
      </table>
      <div class="empty" id="requests-empty">Waiting for calls. Point an AWS SDK at this URL as its endpoint.</div>
    </div>
  </section>

  <section data-view="records" class="hidden">
    <div class="panel scroll">
      <table>
        <thead><tr><th>Seq</th><th>Received</th><th>Operation</th><th>Tracker / dataset</th><th>Session</th><th>User</th><th>Event type</th><th>Item / action</th><th></th></tr></thead>
        <tbody id="records-body"></tbody>
      </table>
      <div class="empty" id="records-empty">No records stored yet.</div>
    </div>
  </section>

  <section data-view="sessions" class="hidden">
    <div class="split">
      <div class="panel scroll list" id="session-list"></div>
      <div class="panel scroll"><div class="timeline-title" id="timeline-title"></div><ul class="timeline" id="timeline" data-testid="timeline"></ul></div>
    </div>
  </section>

  <section data-view="errors" class="hidden">
    <div class="error-groups" id="error-groups"></div>
    <div class="panel scroll">
      <table>
        <thead><tr><th>Time</th><th>Operation</th><th>Status</th><th>Code</th><th>Message</th></tr></thead>
        <tbody id="errors-body"></tbody>
      </table>
      <div class="empty" id="errors-empty">No failed calls. Add a fault rule to see how your client copes.</div>
    </div>
  </section>

  <section data-view="faults" class="hidden">
    <div class="panel" style="margin-bottom:14px">
      <form class="form" id="fault-form" data-testid="fault-form">
        <label>Kind
          <select name="kind" data-testid="fault-kind">
            <option value="throttle">throttle (400 ThrottlingException)</option>
            <option value="error500">error500 (500 InternalFailure)</option>
            <option value="error503">error503 (503 ServiceUnavailable)</option>
            <option value="latency">latency (delay, then serve)</option>
            <option value="reset">reset (drop the connection)</option>
            <option value="hang">hang (never answer)</option>
            <option value="malformed">malformed (502 HTML body)</option>
          </select>
        </label>
        <label>Operation
          <select name="operation" data-testid="fault-operation"><option value="*">All operations</option>${OPERATION_OPTIONS}</select>
        </label>
        <label>When
          <select name="mode" id="fault-mode" data-testid="fault-mode">
            <option value="count">Next N calls</option>
            <option value="probability">By probability</option>
            <option value="always">Every call</option>
          </select>
        </label>
        <label id="fault-amount-label"><span id="fault-amount-text">Next N calls</span>
          <input name="amount" type="number" min="0" value="1" step="any" data-testid="fault-amount">
        </label>
        <label>Latency (ms, latency only)
          <input name="latency" type="number" min="0" value="1000">
        </label>
        <button type="submit" class="primary" data-testid="fault-add">Add fault</button>
      </form>
    </div>
    <div class="panel">
      <table>
        <thead><tr><th>Id</th><th>Kind</th><th>Operation</th><th>When</th><th>Hits</th><th><button type="button" id="faults-clear" class="danger">Clear all</button></th></tr></thead>
        <tbody id="faults-body"></tbody>
      </table>
      <div class="empty" id="faults-empty">No fault rules: every call is served normally.</div>
    </div>
  </section>
</main>

<aside class="drawer" id="drawer" data-testid="drawer" aria-label="Request details">
  <header><h1 id="drawer-title">Request</h1><div class="spacer"></div><button type="button" id="drawer-close">Close</button></header>
  <div class="body" id="drawer-body"></div>
</aside>
<div id="toast" class="pill hidden" style="position:fixed;bottom:20px;left:50%;transform:translateX(-50%);background:var(--panel);color:var(--text);padding:8px 16px;box-shadow:var(--shadow)"></div>
<script>${INSPECTOR_SCRIPT}</script>
<script>${RECOMMENDATIONS_SCRIPT}</script>
</body>
</html>`
}
