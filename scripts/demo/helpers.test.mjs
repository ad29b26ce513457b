// Unit tests of the demo's pure helpers. Run: node --test scripts/demo/helpers.test.mjs
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DemoUsageError, parseDemoArgs } from './args.mjs'
import { callEfficiency, fewestCalls } from './call-efficiency.mjs'
import { createProgress } from './progress.mjs'
import { productIdsIn, recommendationsIn } from './seed.mjs'
import { DEMO_USER_IDS } from './shop-drivers.mjs'
import {
  attributedCtr,
  createTally,
  formatCtrComparison,
  itemCategories,
  listClickProbability,
  pickBrowsedItem,
  pickRecommendedClick,
  randomListClickProbability,
  TASTES,
  tallyScan,
} from './tastes.mjs'
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

const teaLover = TASTES.find((t) => t.category === 'tea')

test('TASTES: one per catalog category, and only tastes with a demo account sign in, each as its own', () => {
  assert.deepEqual(TASTES.map((t) => t.category).sort(), [
    'chocolate',
    'coffee',
    'cups',
    'gear',
    'syrups',
    'tea',
  ])
  const accounts = TASTES.flatMap((t) => (t.userId ? [t.userId] : []))
  assert.deepEqual([...accounts].sort(), [...DEMO_USER_IDS].sort())
})
const shelf = new Map([
  ['t1', 'tea'],
  ['t2', 'tea'],
  ['g1', 'gear'],
  ['g2', 'gear'],
  ['c1', 'coffee'],
])

test('itemCategories: categories from PutItems records, properties as the wire JSON string or an object', () => {
  const categories = itemCategories([
    { itemId: 'a', data: { properties: '{"category":"tea","price":3}' } },
    { itemId: 'b', data: { properties: { category: 'gear' } } },
    { itemId: 'c', data: { properties: 'not json' } },
    { itemId: 'd', data: {} },
  ])
  assert.deepEqual(
    [...categories],
    [
      ['a', 'tea'],
      ['b', 'gear'],
    ],
  )
})

test('randomListClickProbability: equals the average over every list of that length the catalog allows', () => {
  const catalog = [...shelf.keys()]
  const subsets = (items, n) =>
    n === 0
      ? [[]]
      : items.flatMap((item, i) => subsets(items.slice(i + 1), n - 1).map((rest) => [item, ...rest]))
  for (const n of [1, 2, 3, 5]) {
    const all = subsets(catalog, n)
    const average =
      all.reduce((sum, list) => sum + listClickProbability(list, teaLover, shelf), 0) / all.length
    assert.ok(Math.abs(randomListClickProbability(n, catalog, teaLover, shelf) - average) < 1e-12, `n=${n}`)
  }
  // A list of the taste's items beats a random one; one without them does worse.
  const random = randomListClickProbability(2, catalog, teaLover, shelf)
  assert.ok(listClickProbability(['t1', 't2'], teaLover, shelf) > random)
  assert.ok(listClickProbability(['g1', 'c1'], teaLover, shelf) < random)
  assert.equal(randomListClickProbability(0, catalog, teaLover, shelf), 0)
})

test('pickRecommendedClick scans rows in order; pickBrowsedItem mostly picks the taste', () => {
  const lists = [
    { recommendationId: 'RID-1', itemIds: ['g1', 't1'] },
    { recommendationId: 'RID-2', itemIds: ['t2'] },
  ]
  // Dice 0.1 on every item: below the taste's chance (0.3), above the others' (0.02).
  assert.deepEqual(
    pickRecommendedClick(lists, teaLover, shelf, () => 0.1),
    { recommendationId: 'RID-1', itemId: 't1' },
  )
  assert.equal(
    pickRecommendedClick(lists, teaLover, shelf, () => 0.5),
    undefined,
  )
  let n = 0
  const dice = () => [0.1, 0.99][n++ % 2]
  assert.equal(shelf.get(pickBrowsedItem([...shelf.keys()], teaLover, shelf, dice)), 'tea')
})

test('tallyScan, attributedCtr and formatCtrComparison: attributed CTR beside the random baseline', () => {
  const tally = createTally()
  const catalog = [...shelf.keys()]
  tallyScan(tally, [{ recommendationId: 'R', itemIds: ['t1', 't2'] }], true, catalog, teaLover, shelf)
  tallyScan(tally, [{ recommendationId: 'S', itemIds: ['g1'] }], false, catalog, teaLover, shelf)
  // The same answer shown again (a cached recommendation): a second chance to click, no new items shown.
  tallyScan(tally, [{ recommendationId: 'S', itemIds: ['g1'] }], false, catalog, teaLover, shelf)
  assert.equal(tally.impressedItems, 3)
  assert.equal(tally.clicks, 1)
  const expected =
    randomListClickProbability(2, catalog, teaLover, shelf) +
    2 * randomListClickProbability(1, catalog, teaLover, shelf)
  assert.ok(Math.abs(tally.randomClicks - expected) < 1e-12)
  // A row that leaves out the product on view is compared with random lists that leave it out too.
  const before = tally.randomClicks
  tallyScan(
    tally,
    [{ recommendationId: 'T', itemIds: ['g1'], exclude: ['t1'] }],
    false,
    catalog,
    teaLover,
    shelf,
  )
  const withoutT1 = catalog.filter((id) => id !== 't1')
  assert.ok(
    Math.abs(tally.randomClicks - before - randomListClickProbability(1, withoutT1, teaLover, shelf)) < 1e-12,
  )
  tally.randomClicks = before
  tally.impressedItems -= 1
  const attributed = attributedCtr({
    resources: [
      { arn: 'a', clicks: 3, impressedItems: 10 },
      { arn: 'b', clicks: 1, impressedItems: 10 },
    ],
  })
  assert.deepEqual(attributed, { clicks: 4, impressedItems: 20, ctr: 0.2 })
  assert.equal(attributedCtr({ resources: [] }), undefined)
  const line = formatCtrComparison(attributed, tally)
  assert.match(line, /click-through rate 20\.0 % \(4 clicks on 20 recommended items/)
  assert.match(
    line,
    new RegExp(`random lists of the same length would get ${((expected / 3) * 100).toFixed(1)} %`),
  )
})
