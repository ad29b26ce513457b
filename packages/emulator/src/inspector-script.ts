/**
 * Browser script of the inspector page (plain ES2020, no build step). It reads the admin API and follows
 * `/_emulator/stream`; every value from the wire is inserted as text, never as HTML.
 * NB: this lives in a template literal, so it uses no backticks and no dollar-brace sequences.
 * @internal
 */
export const INSPECTOR_SCRIPT = `
(function () {
  'use strict'
  var API = '/_emulator/'
  var state = { requests: [], records: [], faults: [], health: null, stats: null, tab: 'requests', filter: '', paused: false, session: null, fresh: {} }
  var $ = function (sel) { return document.querySelector(sel) }

  function h(tag, attrs) {
    var el = document.createElement(tag)
    if (attrs) for (var k in attrs) {
      var v = attrs[k]
      if (v === undefined || v === null || v === false) continue
      if (k === 'class') el.className = v
      else if (k === 'text') el.textContent = v
      else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v)
      else el.setAttribute(k, v === true ? '' : String(v))
    }
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i])
    return el
  }
  function append(el, c) {
    if (c === undefined || c === null || c === false) return
    if (Array.isArray(c)) { c.forEach(function (x) { append(el, x) }); return }
    el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)))
  }
  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el }
  function time(ms) { var d = new Date(ms); return d.toLocaleTimeString([], { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0') }
  function ago(ms) { var s = Math.round((Date.now() - ms) / 1000); return s < 60 ? s + 's' : s < 3600 ? Math.round(s / 60) + 'm' : Math.round(s / 3600) + 'h' }
  function api(path, init) {
    // Mutating admin calls must be JSON, so a cross-site form post can never make one.
    if (init && init.method && init.method !== 'GET') init.headers = { 'content-type': 'application/json' }
    return fetch(API + path, init).then(function (r) { return r.json().then(function (b) { if (!r.ok) throw new Error(b.error || b.message || r.status); return b }) })
  }
  function statusBadge(e) {
    if (e.status === 200) return h('span', { class: 'badge b-ok', text: '200' })
    if (e.status === 0) return h('span', { class: 'badge b-warn', text: e.fault || 'no reply' })
    return h('span', { class: 'badge ' + (e.status >= 500 ? 'b-warn' : 'b-bad'), text: String(e.status) })
  }
  function sigBadge(sig) {
    if (!sig) return h('span', { class: 'muted', text: 'off' })
    return h('span', { class: 'badge ' + (sig.status === 'valid' ? 'b-ok' : 'b-warn'), text: sig.status })
  }
  function matches(obj) {
    if (!state.filter) return true
    return JSON.stringify(obj).toLowerCase().indexOf(state.filter.toLowerCase()) >= 0
  }

  function renderCards() {
    var s = state.stats
    var errors = 0
    if (s) for (var op in s.byOperation) errors += s.byOperation[op].total - (s.byOperation[op].ok || 0)
    var cards = [
      ['Calls', s ? s.total : 0, ''],
      ['Records', state.health ? state.health.records : state.records.length, ''],
      ['Evicted', state.health ? state.health.evicted : 0, state.health && state.health.evicted ? 'bad' : ''],
      ['Failed calls', errors, errors ? 'bad' : ''],
      ['p50 handling', s ? s.latencyMs.p50.toFixed(2) + ' ms' : '–', ''],
      ['p95 handling', s ? s.latencyMs.p95.toFixed(2) + ' ms' : '–', ''],
      ['Fault rules', state.faults.length, state.faults.length ? 'bad' : ''],
    ]
    clear($('#cards'))
    cards.forEach(function (c) {
      $('#cards').appendChild(h('div', { class: 'card', 'data-testid': 'card-' + c[0].toLowerCase().replace(/ /g, '-') },
        h('div', { class: 'label', text: c[0] }), h('div', { class: 'value ' + c[2], text: String(c[1]) })))
    })
    var hl = state.health
    if (hl) $('#mode').textContent = 'SigV4 ' + hl.signature + ' · seed ' + hl.seed + ' · ' + (hl.persistence ? 'file ' + hl.persistence : 'in memory')
  }

  function renderTabs() {
    var failing = state.requests.filter(function (r) { return r.status !== 200 }).length
    var counts = { requests: state.requests.length, records: state.records.length, sessions: sessions().length, errors: failing, faults: state.faults.length }
    document.querySelectorAll('nav.tabs button').forEach(function (b) {
      var t = b.getAttribute('data-tab')
      b.classList.toggle('active', t === state.tab)
      // Views without a count here (Recommendations) keep the one their own script set.
      b.querySelector('.count').textContent = String(counts[t] !== undefined ? counts[t] : b.getAttribute('data-count') || 0)
    })
    document.querySelectorAll('section[data-view]').forEach(function (s) { s.classList.toggle('hidden', s.getAttribute('data-view') !== state.tab) })
  }

  function requestRow(e) {
    var tr = h('tr', { 'data-testid': 'request-row', 'data-id': e.id, class: state.fresh[e.id] ? 'fresh' : '', onclick: function () { openRequest(e.id) } },
      h('td', { class: 'mono', text: time(e.receivedAt) }),
      h('td', null, e.operation || h('span', { class: 'muted', text: e.method + ' ' + e.path })),
      h('td', null, statusBadge(e)),
      h('td', null, e.errorCode ? h('span', { class: 'mono', text: e.errorCode }) : e.fault ? h('span', { class: 'badge b-info', text: 'fault: ' + e.fault }) : ''),
      h('td', { text: String(e.recordCount) }),
      h('td', { class: 'mono', text: e.durationMs.toFixed(2) + ' ms' }),
      h('td', null, sigBadge(e.signature)),
      h('td', { class: 'mono', text: e.sessionId || '' }),
      h('td', { class: 'muted', text: e.attempt ? e.attempt.replace('attempt=', '#').replace('; max=', '/') : '' }))
    return tr
  }

  function renderRequests() {
    var rows = state.requests.filter(matches).slice(0, 500)
    var body = clear($('#requests-body'))
    rows.forEach(function (e) { body.appendChild(requestRow(e)) })
    $('#requests-empty').classList.toggle('hidden', rows.length > 0)
  }

  function renderRecords() {
    var rows = state.records.filter(matches).slice(-1000).reverse()
    var body = clear($('#records-body'))
    rows.forEach(function (r) {
      body.appendChild(h('tr', { 'data-testid': 'record-row', onclick: function () { openRequestByRequestId(r.requestId) } },
        h('td', { class: 'mono', text: '#' + r.seq }),
        h('td', { class: 'mono', text: time(r.receivedAt) }),
        h('td', { text: r.operation }),
        h('td', { class: 'mono', text: r.trackingId || r.datasetArn || '' }),
        h('td', { class: 'mono', text: r.sessionId || '' }),
        h('td', { class: 'mono', text: r.userId || '' }),
        h('td', { text: r.eventType || '' }),
        h('td', { class: 'mono', text: r.itemId || r.actionId || '' }),
        h('td', null, r.duplicateEventId ? h('span', { class: 'badge b-warn', title: 'Personalize ignores repeated eventIds for training', text: 'dup eventId' }) : '')))
    })
    $('#records-empty').classList.toggle('hidden', rows.length > 0)
  }

  function sessions() {
    var map = {}
    state.records.forEach(function (r) {
      if (!r.sessionId) return
      var s = map[r.sessionId] || (map[r.sessionId] = { id: r.sessionId, users: {}, count: 0, first: r.receivedAt, last: r.receivedAt, records: [] })
      s.count++
      if (r.userId) s.users[r.userId] = true
      s.last = Math.max(s.last, r.receivedAt)
      s.records.push(r)
    })
    return Object.keys(map).map(function (k) { return map[k] }).sort(function (a, b) { return b.last - a.last })
  }

  function renderSessions() {
    var list = sessions().filter(matches)
    var el = clear($('#session-list'))
    if (!list.length) el.appendChild(h('div', { class: 'empty', text: 'No sessions yet. Events and action interactions carry a sessionId.' }))
    if (!state.session && list.length) state.session = list[0].id
    list.forEach(function (s) {
      var users = Object.keys(s.users)
      el.appendChild(h('div', { class: 'item' + (s.id === state.session ? ' selected' : ''), 'data-testid': 'session-item', onclick: function () { state.session = s.id; renderSessions() } },
        h('div', { class: 'mono', text: s.id }),
        h('div', { class: 'muted', text: s.count + ' records · ' + (users.length ? 'user ' + users.join(', ') : 'anonymous') + ' · ' + ago(s.last) + ' ago' })))
    })
    var tl = clear($('#timeline'))
    var current = list.filter(function (s) { return s.id === state.session })[0]
    $('#timeline-title').textContent = current ? 'Session ' + current.id + ' · ' + current.count + ' records, oldest first' : ''
    if (!current) return
    current.records.forEach(function (r) {
      var at = r.data.sentAt !== undefined ? r.data.sentAt : r.data.timestamp
      tl.appendChild(h('li', { class: r.duplicateEventId ? 'dup' : '', 'data-testid': 'timeline-entry' },
        h('div', null, h('strong', { text: r.eventType || r.operation }), ' ', r.itemId ? h('span', { class: 'mono', text: 'item ' + r.itemId }) : '', r.actionId ? h('span', { class: 'mono', text: 'action ' + r.actionId }) : ''),
        h('div', { class: 'when', text: (typeof at === 'number' ? 'sent ' + new Date(at * 1000).toISOString() + ' · ' : '') + 'received ' + time(r.receivedAt) + (r.userId ? ' · user ' + r.userId : '') }),
        r.data.properties ? h('div', { class: 'mono muted', text: String(r.data.properties) }) : ''))
    })
  }

  function renderErrors() {
    var failing = state.requests.filter(function (r) { return r.status !== 200 })
    var groups = {}
    failing.forEach(function (r) { var k = r.errorCode || (r.fault ? 'fault: ' + r.fault : 'HTTP ' + r.status); groups[k] = (groups[k] || 0) + 1 })
    var g = clear($('#error-groups'))
    Object.keys(groups).sort(function (a, b) { return groups[b] - groups[a] }).forEach(function (k) {
      g.appendChild(h('div', { class: 'card', 'data-testid': 'error-group' }, h('div', { class: 'label', text: k }), h('div', { class: 'value bad', text: String(groups[k]) })))
    })
    var body = clear($('#errors-body'))
    failing.filter(matches).slice(0, 300).forEach(function (e) {
      body.appendChild(h('tr', { 'data-testid': 'error-row', onclick: function () { openRequest(e.id) } },
        h('td', { class: 'mono', text: time(e.receivedAt) }),
        h('td', { text: e.operation || e.method + ' ' + e.path }),
        h('td', null, statusBadge(e)),
        h('td', { class: 'mono', text: e.errorCode || e.fault || '' }),
        h('td', { style: 'white-space:normal;max-width:none', text: e.errorMessage || '' })))
    })
    $('#errors-empty').classList.toggle('hidden', failing.length > 0)
  }

  function renderFaults() {
    var body = clear($('#faults-body'))
    state.faults.forEach(function (f) {
      var how = f.remaining !== undefined ? f.remaining + ' of ' + f.count + ' left' : f.probability !== undefined ? Math.round(f.probability * 100) + '% of calls' : 'every call'
      body.appendChild(h('tr', { 'data-testid': 'fault-row' },
        h('td', { class: 'mono', text: f.id }),
        h('td', null, h('span', { class: 'badge b-info', text: f.kind })),
        h('td', { text: f.operation && f.operation !== '*' ? f.operation : 'all operations' }),
        h('td', { text: how + (f.kind === 'latency' ? ' · +' + (f.latencyMs || 1000) + ' ms' : '') }),
        h('td', { text: String(f.hits) }),
        h('td', null, h('button', { class: 'danger', 'data-testid': 'fault-delete', onclick: function () { api('faults/' + f.id, { method: 'DELETE' }).then(loadFaults) } }, 'Remove'))))
    })
    $('#faults-empty').classList.toggle('hidden', state.faults.length > 0)
  }

  function render() {
    renderCards(); renderTabs()
    if (state.tab === 'requests') renderRequests()
    if (state.tab === 'records') renderRecords()
    if (state.tab === 'sessions') renderSessions()
    if (state.tab === 'errors') renderErrors()
    if (state.tab === 'faults') renderFaults()
  }
  var scheduled = false
  function scheduleRender() { if (scheduled) return; scheduled = true; requestAnimationFrame(function () { scheduled = false; render() }) }

  function kv(pairs) {
    var dl = h('dl', { class: 'kv' })
    pairs.forEach(function (p) { if (p[1] === undefined || p[1] === '') return; dl.appendChild(h('dt', { text: p[0] })); dl.appendChild(h('dd', { text: String(p[1]) })) })
    return dl
  }
  function pretty(text) { try { return JSON.stringify(JSON.parse(text), null, 2) } catch (e) { return text } }

  function openRequest(id) {
    api('requests/' + id).then(function (d) {
      var e = d.request
      var body = clear($('#drawer-body'))
      $('#drawer-title').textContent = (e.operation || e.method + ' ' + e.path) + ' · ' + (e.status || e.fault)
      body.appendChild(kv([
        ['Request id', e.requestId], ['Received', new Date(e.receivedAt).toISOString()], ['Status', e.status || 'no reply'],
        ['Outcome', e.outcome], ['Error', e.errorCode], ['Fault', e.fault], ['Records stored', e.recordCount],
        ['Handling time', e.durationMs.toFixed(3) + ' ms'], ['SDK attempt', e.attempt], ['Invocation id', e.invocationId],
        ['Signature', e.signature ? e.signature.status + (e.signature.message ? ' — ' + e.signature.message : '') : 'not checked'],
        ['User agent', e.userAgent],
      ]))
      if (e.errorMessage) { body.appendChild(h('h3', { text: 'Message' })); body.appendChild(h('pre', { 'data-testid': 'drawer-message', text: e.errorMessage })) }
      if (e.violations && e.violations.length) {
        body.appendChild(h('h3', { text: 'Validation errors (' + e.violations.length + ')' }))
        body.appendChild(h('ul', { class: 'violations', 'data-testid': 'violations' }, e.violations.map(function (v) {
          return h('li', null, h('code', { text: v.pointer || v.path }), h('div', { text: v.message }))
        })))
      }
      if (e.warnings && e.warnings.length) {
        body.appendChild(h('h3', { text: 'Would be ignored by AWS' }))
        body.appendChild(h('ul', { class: 'violations' }, e.warnings.map(function (w) { return h('li', { class: 'warning', text: w }) })))
      }
      body.appendChild(h('h3', { text: 'Body' }))
      body.appendChild(h('pre', { 'data-testid': 'drawer-body-json', text: pretty(e.body) || '(empty)' }))
      body.appendChild(h('h3', { text: 'Headers (credentials redacted)' }))
      body.appendChild(h('pre', { 'data-testid': 'drawer-headers', text: Object.keys(e.headers).map(function (k) { return k + ': ' + e.headers[k] }).join('\\n') }))
      if (d.records.length) {
        body.appendChild(h('h3', { text: 'Stored records (' + d.records.length + ')' }))
        body.appendChild(h('pre', { text: JSON.stringify(d.records, null, 2) }))
      }
      $('#drawer').classList.add('open')
    }).catch(function (err) { toast('Request ' + id + ': ' + err.message) })
  }
  function openRequestByRequestId(requestId) {
    var e = state.requests.filter(function (r) { return r.requestId === requestId })[0]
    if (e) { openRequest(e.id); return }
    // Older than the request log: show what the store kept (the raw body and its records).
    fetch(API + 'raw/' + encodeURIComponent(requestId)).then(function (r) { return r.ok ? r.text() : null }).then(function (raw) {
      if (raw === null) { toast('That request is no longer known'); return }
      var body = clear($('#drawer-body'))
      $('#drawer-title').textContent = 'Request ' + requestId
      body.appendChild(h('p', { class: 'muted', text: 'This call has left the request log; the store kept its body and records.' }))
      body.appendChild(h('h3', { text: 'Body' }))
      body.appendChild(h('pre', { text: pretty(raw) }))
      body.appendChild(h('h3', { text: 'Stored records' }))
      body.appendChild(h('pre', { text: JSON.stringify(state.records.filter(function (r) { return r.requestId === requestId }), null, 2) }))
      $('#drawer').classList.add('open')
    })
  }
  function toast(msg) { var t = $('#toast'); t.textContent = msg; t.classList.remove('hidden'); setTimeout(function () { t.classList.add('hidden') }, 3000) }

  function loadFaults() { return api('faults').then(function (d) { state.faults = d.rules; scheduleRender() }) }
  function loadStats() { return Promise.all([api('stats'), api('health')]).then(function (r) { state.stats = r[0]; state.health = r[1]; scheduleRender() }) }
  function loadAll() {
    return Promise.all([api('requests?limit=1000&summary=true'), api('records?limit=5000'), loadFaults(), loadStats()]).then(function (r) {
      state.requests = r[0].requests.reverse()
      state.records = r[1].records
      scheduleRender()
    })
  }

  var statsTimer = null
  function connect() {
    var es = new EventSource(API + 'stream')
    es.onopen = function () { $('#live').classList.add('live'); $('#live-text').textContent = 'live'; loadAll() }
    es.onerror = function () { $('#live').classList.remove('live'); $('#live-text').textContent = 'reconnecting…' }
    es.addEventListener('request', function (ev) {
      if (state.paused) return
      var e = JSON.parse(ev.data)
      state.fresh = {}; state.fresh[e.id] = true
      state.requests.unshift(e)
      if (state.requests.length > 1000) state.requests.length = 1000
      if (!statsTimer) statsTimer = setTimeout(function () { statsTimer = null; loadStats(); if (e.fault) loadFaults() }, 250)
      scheduleRender()
    })
    es.addEventListener('records', function (ev) {
      if (state.paused) return
      state.records = state.records.concat(JSON.parse(ev.data))
      scheduleRender()
    })
    es.addEventListener('reset', function () { loadAll() })
  }

  document.querySelectorAll('nav.tabs button').forEach(function (b) {
    b.addEventListener('click', function () { state.tab = b.getAttribute('data-tab'); render() })
  })
  $('#filter').addEventListener('input', function (e) { state.filter = e.target.value; render() })
  $('#pause').addEventListener('click', function () { state.paused = !state.paused; $('#pause').textContent = state.paused ? 'Resume' : 'Pause'; if (!state.paused) loadAll() })
  $('#reset').addEventListener('click', function () { if (confirm('Forget all records, requests and stats?')) api('reset', { method: 'POST' }).then(loadAll) })
  $('#drawer-close').addEventListener('click', function () { $('#drawer').classList.remove('open') })
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape') $('#drawer').classList.remove('open') })
  $('#fault-form').addEventListener('submit', function (e) {
    e.preventDefault()
    var f = new FormData(e.target)
    var rule = { kind: f.get('kind') }
    if (f.get('operation') !== '*') rule.operation = f.get('operation')
    var mode = f.get('mode')
    if (mode === 'count') rule.count = Number(f.get('amount') || 1)
    if (mode === 'probability') rule.probability = Number(f.get('amount') || 0) / 100
    if (rule.kind === 'latency') rule.latencyMs = Number(f.get('latency') || 1000)
    api('faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) })
      .then(function () { toast('Fault rule added'); loadFaults() }).catch(function (err) { toast(err.message) })
  })
  $('#fault-mode').addEventListener('change', function (e) {
    var m = e.target.value
    $('#fault-amount-label').classList.toggle('hidden', m === 'always')
    $('#fault-amount-text').textContent = m === 'count' ? 'Next N calls' : 'Probability (%)'
  })
  $('#faults-clear').addEventListener('click', function () { api('faults', { method: 'DELETE' }).then(loadFaults) })
  connect()
  loadAll()
})()
`
