// The simulated shoppers' tastes and how they click. A shopper scans the recommended rows it saw, item by item,
// and clicks an item of its taste far more often than any other; the same click model, applied to a random list of
// the same length, gives the click-through rate random lists would get (the honest baseline the summary prints).

/**
 * Tastes of the simulated population: one per category of the shops' catalogs (six categories of six products), so
 * a random row of four holds about one item of a shopper's taste. `userId` is the demo account a shopper of that
 * taste may sign in as, so each account's history keeps one taste; shoppers of the other tastes stay anonymous.
 */
export const TASTES = [
  { name: 'tea lover', category: 'tea', userId: 'user-bob' },
  { name: 'gear buyer', category: 'gear', userId: 'user-alice' },
  { name: 'coffee drinker', category: 'coffee' },
  { name: 'cup collector', category: 'cups' },
  { name: 'chocolate fan', category: 'chocolate' },
  { name: 'syrup fan', category: 'syrups' },
]

/** Chance that a shopper clicks an item it scans: high for its taste, low otherwise. */
export const CLICK_CHANCE = { taste: 0.3, other: 0.01 }

/** Chance that a shopper who clicked nothing recommended opens an item of its taste from the catalog. */
export const BROWSE_TASTE_CHANCE = 0.95

/**
 * Item id → category from the emulator's PutItems records (`properties` is the JSON string PutItems carries, or an
 * object where a caller stored one).
 */
export function itemCategories(putItemsRecords) {
  const categories = new Map()
  for (const record of putItemsRecords) {
    let properties = record.data?.properties
    if (typeof properties === 'string') {
      try {
        properties = JSON.parse(properties)
      } catch {
        properties = undefined
      }
    }
    const category = properties?.category ?? properties?.CATEGORY
    if (record.itemId && typeof category === 'string') categories.set(record.itemId, category)
  }
  return categories
}

/** The chance that a shopper of `taste` clicks `itemId` when it scans it. */
export function itemClickChance(itemId, taste, categories, chance = CLICK_CHANCE) {
  return categories.get(itemId) === taste.category ? chance.taste : chance.other
}

/** The chance that a shopper clicks some item of `itemIds` when it scans the list (at most one click). */
export function listClickProbability(itemIds, taste, categories, chance = CLICK_CHANCE) {
  let none = 1
  for (const itemId of itemIds) none *= 1 - itemClickChance(itemId, taste, categories, chance)
  return 1 - none
}

/**
 * The same chance for a list of `length` items drawn at random (without repetition) from `catalogIds`: exact, by
 * the hypergeometric count of taste items such a list holds.
 */
export function randomListClickProbability(length, catalogIds, taste, categories, chance = CLICK_CHANCE) {
  const total = catalogIds.length
  const n = Math.min(length, total)
  if (n <= 0) return 0
  const matching = catalogIds.filter((id) => categories.get(id) === taste.category).length
  let probability = 0
  for (let k = Math.max(0, n - (total - matching)); k <= Math.min(n, matching); k++) {
    const ways = choose(matching, k) * choose(total - matching, n - k)
    const none = (1 - chance.taste) ** k * (1 - chance.other) ** (n - k)
    probability += (ways / choose(total, n)) * (1 - none)
  }
  return probability
}

/**
 * Which recommended item the shopper clicks: it scans `lists` (`{ recommendationId, itemIds }`) in page order and
 * clicks the first item the dice pick, or none. Returns `{ recommendationId, itemId }` or `undefined`.
 */
export function pickRecommendedClick(lists, taste, categories, random, chance = CLICK_CHANCE) {
  for (const list of lists) {
    for (const itemId of list.itemIds) {
      if (random() < itemClickChance(itemId, taste, categories, chance)) {
        return { recommendationId: list.recommendationId, itemId }
      }
    }
  }
  return undefined
}

/** An item from the catalog when nothing recommended was clicked: mostly one of the shopper's taste. */
export function pickBrowsedItem(catalogIds, taste, categories, random) {
  const ofTaste = catalogIds.filter((id) => categories.get(id) === taste.category)
  const from = ofTaste.length > 0 && random() < BROWSE_TASTE_CHANCE ? ofTaste : catalogIds
  return from[Math.floor(random() * from.length)]
}

/** An empty tally for {@link tallyScan}. */
export function createTally() {
  return { impressedItems: 0, clicks: 0, randomClicks: 0, shown: new Set() }
}

/**
 * Adds one scan of `lists` to `tally` (from {@link createTally}): the items shown, whether the shopper clicked, and
 * the expected clicks had each list been random items of the same length from the catalog. An item counts as shown
 * once per recommendationId (a cached answer shown again adds none), as the emulator's attribution counts it. A
 * list's `exclude` (the product on view, the cart's items) is left out of its random counterpart too, as the shop
 * leaves it out of what it shows.
 */
export function tallyScan(tally, lists, clicked, catalogIds, taste, categories) {
  let randomNone = 1
  for (const list of lists) {
    for (const itemId of list.itemIds) {
      const key = `${list.recommendationId}\u0000${itemId}`
      if (tally.shown.has(key)) continue
      tally.shown.add(key)
      tally.impressedItems += 1
    }
    const candidates = list.exclude ? catalogIds.filter((id) => !list.exclude.includes(id)) : catalogIds
    randomNone *= 1 - randomListClickProbability(list.itemIds.length, candidates, taste, categories)
  }
  tally.randomClicks += 1 - randomNone
  if (clicked) tally.clicks += 1
}

/**
 * Click-through rate on recommended items from the emulator's attribution report (`clicks / impressedItems` over
 * all resources), or `undefined` when nothing recommended was shown.
 */
export function attributedCtr(report) {
  let clicks = 0
  let impressedItems = 0
  for (const resource of report?.resources ?? []) {
    clicks += resource.clicks ?? 0
    impressedItems += resource.impressedItems ?? 0
  }
  return impressedItems === 0 ? undefined : { clicks, impressedItems, ctr: clicks / impressedItems }
}

/** The summary line: the attributed click-through rate beside what random lists of the same length would get. */
export function formatCtrComparison(attributed, tally) {
  const percent = (x) => `${(x * 100).toFixed(1)} %`
  if (!attributed) return 'recommendations: no recommended item was shown'
  const random = tally.impressedItems === 0 ? 0 : tally.randomClicks / tally.impressedItems
  const lift = random === 0 ? '' : ` (${(attributed.ctr / random).toFixed(1)}x)`
  return (
    `recommendations: click-through rate ${percent(attributed.ctr)} (${attributed.clicks} clicks on ` +
    `${attributed.impressedItems} recommended items shown, from the emulator's attribution); random lists of the ` +
    `same length would get ${percent(random)} with the same shoppers${lift}`
  )
}

function choose(n, k) {
  if (k < 0 || k > n) return 0
  let result = 1
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i
  return result
}
