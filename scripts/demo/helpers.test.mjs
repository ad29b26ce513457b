// Unit tests of the demo's pure helpers. Run: node --test scripts/demo/helpers.test.mjs
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DemoUsageError, parseDemoArgs } from './args.mjs'
import { callEfficiency, fewestCalls } from './call-efficiency.mjs'
import { createProgress } from './progress.mjs'
import { productIdsIn, recommendationsIn } from './seed.mjs'
import { formsIn } from './visitor.mjs'

test('parseDemoArgs: defaults, flags, and errors that name the flag', () => {
  assert.deepEqual(parseDemoArgs([]), {
    help: false,
    simulate: false,
    redis: false,
    shoppers: 3,
    dev: false,
    build: true,
    ports: { emulator: 4599, express: 3001, next: 3002 },
  })
  const custom = parseDemoArgs(['--simulate', '--no-build', '--shoppers', '5', '--next-port', '4000'])
  assert.equal(custom.simulate, true)
  assert.equal(custom.build, false)
  assert.equal(custom.shoppers, 5)
  assert.equal(custom.ports.next, 4000)
  assert.equal(parseDemoArgs(['--redis']).redis, true)
  assert.throws(() => parseDemoArgs(['--express-port', 'abc']), { name: 'Error', message: /--express-port/ })
  assert.throws(() => parseDemoArgs(['--shoppers', '0']), DemoUsageError)
  assert.throws(() => parseDemoArgs(['--next-port', '4599']), /must differ/)
  assert.throws(() => parseDemoArgs(['--simulat']), DemoUsageError)
})

test('productIdsIn: product links in page order, once each', () => {
  const html =
    '<a href="/products/a-1">A</a><a href="/products/b.2">B</a><a href="/products/a-1">again</a><a href="/cart">'
  assert.deepEqual(productIdsIn(html), ['a-1', 'b.2'])
})

test('formsIn: hidden fields of server-rendered forms, entities decoded', () => {
  const html = `
    <form action="" encType="multipart/form-data" method="POST"><input type="hidden" name="$ACTION_ID_abc123"/>
      <input type="hidden" name="itemId" value="sku-1"/><input name="visible" value="x"/><button>Add</button></form>
    <form action="/signin" method="post"><input type="hidden" name="note" value="a &amp; b &quot;c&quot;"></form>`
  const forms = formsIn(html)
  assert.equal(forms.length, 2)
  assert.deepEqual(forms[0].fields, { $ACTION_ID_abc123: '', itemId: 'sku-1' })
  assert.equal(forms[1].action, '/signin')
  assert.deepEqual(forms[1].fields, { note: 'a & b "c"' })
})

test('progress view without a TTY: one plain line per step start and end, throttled status lines', () => {
  let out = ''
  const stream = { isTTY: false, write: (s) => (out += s) }
  const progress = createProgress({ stream })
  const step = progress.step('Starting the emulator')
  step.detail('ignored on plain output')
  step.done('pid 42')
  progress.status('Simulating 1')
  progress.status('Simulating 2') // within the throttle window: not printed
  assert.match(
    out,
    /^\[demo\] Starting the emulator\.\.\.\n\[demo\] ✔ Starting the emulator \(\d+\.\ds\) pid 42\n/,
  )
  assert.match(out, /\[demo\] Simulating 1\n$/)
  assert.doesNotMatch(out, /ignored|Simulating 2/)
})

test('recommendationsIn: recommended rows with their recommendationId; lists without one are left out', () => {
  const html =
    '<ul class="grid" data-pk-list="catalog-tea"><li><a href="/products/sku-a" data-pk-item="sku-a">A</a></li></ul>' +
    '<ul class="grid" data-pk-list="recommended-for-you" data-pk-recommendation-id="RID-1">' +
    '<li><a href="/products/sku-b" data-pk-item="sku-b">B</a></li><li><a data-pk-item="sku-c">C</a></li></ul>'
  assert.deepEqual(recommendationsIn(html), [{ recommendationId: 'RID-1', itemIds: ['sku-b', 'sku-c'] }])
  assert.deepEqual(recommendationsIn('<ul data-pk-list="x"></ul>'), [])
})

test('fewestCalls and callEfficiency: records per call against the optimum for the flush window', () => {
  // 25 events within one window: three calls (10 + 10 + 5); a window later, a new call.
  assert.equal(
    fewestCalls(
      Array.from({ length: 25 }, (_, i) => i),
      1000,
    ),
    3,
  )
  assert.equal(fewestCalls([0, 999, 1000, 1001, 2500], 1000), 2 + 1)
  const event = (requestId, sessionId, second) => ({
    operation: 'PutEvents',
    requestId,
    trackingId: 't',
    sessionId,
    data: { sentAt: second },
  })
  // Two sessions, four events each within a second: the optimum is one call per session (4 per call); sent
  // as one call per event, they reach a quarter of it.
  const records = ['a', 'b'].flatMap((s) => [0, 0.1, 0.2, 0.3].map((t) => event(`${s}${t}`, s, 100 + t)))
  const efficiency = callEfficiency([...records, { operation: 'PutItems', requestId: 'x' }], 1000)
  assert.deepEqual(
    { calls: efficiency.calls, optimumCalls: efficiency.optimumCalls, ratio: efficiency.ratio },
    { calls: 8, optimumCalls: 2, ratio: 0.25 },
  )
})
