/**
 * The inspector's Recommendations view (plain ES2020 in a template literal: no backticks, no dollar-brace). It
 * follows the SSE stream on its own and reloads `/_emulator/attribution` and the latest answers, debounced, after
 * every recommendation, stored batch or reset. Every value from the wire is inserted as text.
 * @internal
 */
export const RECOMMENDATIONS_SCRIPT = `
(function () {
  'use strict'
  var API = '/_emulator/'
  var $ = function (sel) { return document.querySelector(sel) }
  function h(tag, attrs) {
    var el = document.createElement(tag)
    if (attrs) for (var k in attrs) {
      if (attrs[k] === undefined || attrs[k] === null) continue
      if (k === 'class') el.className = attrs[k]
      else if (k === 'text') el.textContent = attrs[k]
      else el.setAttribute(k, String(attrs[k]))
    }
    for (var i = 2; i < arguments.length; i++) if (arguments[i] != null) el.appendChild(typeof arguments[i] === 'object' ? arguments[i] : document.createTextNode(String(arguments[i])))
    return el
  }
  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el }
  function name(arn) { return arn.slice(arn.lastIndexOf(':') + 1) }
  function get(path) { return fetch(API + path).then(function (r) { return r.json() }) }

  function render(report, latest) {
    var body = clear($('#attribution-body'))
    report.resources.forEach(function (r) {
      body.appendChild(h('tr', { 'data-testid': 'attribution-row', 'data-arn': r.arn },
        h('td', { class: 'mono', title: r.arn, text: name(r.arn) }),
        h('td', { 'data-col': 'recommendations', text: String(r.recommendations) }),
        h('td', { 'data-col': 'impressions', text: String(r.impressions) }),
        h('td', { 'data-col': 'impressedItems', text: String(r.impressedItems) }),
        h('td', { 'data-col': 'clicks', text: String(r.clicks) }),
        h('td', { 'data-col': 'ctr', text: (r.ctr * 100).toFixed(1) + ' %' }),
        h('td', { 'data-col': 'purchases', text: String(r.purchases) }),
        h('td', { 'data-col': 'eventValue', text: String(r.eventValue) }),
        h('td', { 'data-col': 'mismatchedClicks', class: r.mismatchedClicks ? 'bad' : '', text: String(r.mismatchedClicks) })))
    })
    $('#attribution-empty').classList.toggle('hidden', report.resources.length > 0)
    var flags = clear($('#attribution-flags'))
    if (report.unknownRecommendationIds.length) {
      flags.appendChild(h('p', { 'data-testid': 'unknown-ids', class: 'badge b-bad', text: report.unknownEvents + ' event(s) carry a recommendationId that was never issued: ' + report.unknownRecommendationIds.slice(0, 10).join(', ') }))
    }
    report.mismatchedClicks.slice(-10).forEach(function (m) {
      flags.appendChild(h('p', { 'data-testid': 'mismatched-click', class: 'badge b-warn', text: 'Click on ' + m.itemId + ', which ' + m.recommendationId + ' (' + name(m.arn) + ') did not recommend' }))
    })
    var recent = clear($('#recommendations-body'))
    latest.slice().reverse().forEach(function (r) {
      recent.appendChild(h('tr', { 'data-testid': 'recommendation-row' },
        h('td', { class: 'mono', text: new Date(r.issuedAt).toLocaleTimeString([], { hour12: false }) }),
        h('td', { class: 'mono', text: name(r.arn) }),
        h('td', { class: 'mono', text: r.userId || r.itemId || '' }),
        h('td', { class: 'mono', text: r.recommendationId }),
        h('td', { class: 'mono', text: r.items.slice(0, 8).join(', ') + (r.items.length > 8 ? ' …' : '') })))
    })
    var tab = document.querySelector('nav.tabs button[data-tab=recommendations]')
    var total = report.resources.reduce(function (n, r) { return n + r.recommendations }, 0)
    if (tab) { tab.setAttribute('data-count', String(total)); tab.querySelector('.count').textContent = String(total) }
  }
  function load() {
    return Promise.all([get('attribution'), get('recommendations?limit=20')]).then(function (r) { render(r[0], r[1].recommendations) })
  }
  var timer = null
  // The report scans every record: refresh quickly while the view is open, rarely (for the tab count) otherwise.
  function soon() {
    if (timer) return
    var open = !$('section[data-view=recommendations]').classList.contains('hidden')
    timer = setTimeout(function () { timer = null; load() }, open ? 200 : 2000)
  }
  var tabButton = document.querySelector('nav.tabs button[data-tab=recommendations]')
  if (tabButton) tabButton.addEventListener('click', function () { load() })
  var es = new EventSource(API + 'stream')
  es.addEventListener('recommendation', soon)
  es.addEventListener('records', soon)
  es.addEventListener('reset', soon)
  es.onopen = soon
  load()
})()
`

/** The Recommendations section of the inspector page. @internal */
export const RECOMMENDATIONS_SECTION = `
  <section data-view="recommendations" class="hidden">
    <div class="panel scroll">
      <table>
        <thead><tr><th>Campaign / recommender</th><th>Requests</th><th>Impressions</th><th>Items shown</th><th>Clicks</th><th>CTR</th><th>Purchases</th><th>Event value</th><th>Clicks off-list</th></tr></thead>
        <tbody id="attribution-body" data-testid="attribution-body"></tbody>
      </table>
      <div class="empty" id="attribution-empty">No recommendations yet. Call GetRecommendations on this URL with @aws-sdk/client-personalize-runtime.</div>
      <div id="attribution-flags"></div>
      <h3>Latest answers</h3>
      <table>
        <thead><tr><th>Time</th><th>Resource</th><th>User / item</th><th>recommendationId</th><th>Items</th></tr></thead>
        <tbody id="recommendations-body"></tbody>
      </table>
    </div>
  </section>
`
