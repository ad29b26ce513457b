// `pnpm demo --simulate`: a population of scripted shoppers using both shops over real HTTP. Each person has a
// taste (a category: tea, gear, coffee, cups, chocolate or syrups), starts anonymous (a fresh cookie jar) and comes
// back for a few visits with the same cookies (its session and history continue). A visit sees
// the catalog and the recommended rows (impressions carrying the recommendationId the page shows), scans them and
// clicks mostly items of its taste, else opens a product of its taste from the catalog (clicks posted to the
// collector, views recorded by the server), sometimes fills a cart, sometimes signs in half-way as its taste's demo
// account (tea and gear have one; the sign-in joins the anonymous session to the user) and sometimes checks out
// (purchases recorded by the server). Every scan is tallied with what a random list of the same length would have
// got, for the summary's comparison.
import { setTimeout as sleep } from 'node:timers/promises'
import { emulatorRecords, productIdsIn, recommendationsIn } from './seed.mjs'
import { shopDriver } from './shop-drivers.mjs'
import {
  createTally,
  itemCategories,
  pickBrowsedItem,
  pickRecommendedClick,
  TASTES,
  tallyScan,
} from './tastes.mjs'
import { createVisitor } from './visitor.mjs'

/**
 * Starts `shoppersPerShop` concurrent shoppers per shop. `stop()` lets every shopper finish the request it is
 * in (so nothing is cut off half-way), then resolves with the totals.
 */
export function startSimulation({
  shops,
  shoppersPerShop,
  emulatorUrl,
  progress,
  signal,
  random = Math.random,
}) {
  const totals = { visits: 0, requests: 0, events: 0, purchases: 0, signIns: 0, errors: 0, lastError: '' }
  /** Recommended items the shoppers scanned, their clicks, and the expected clicks on random lists instead. */
  const tally = createTally()
  let categories = new Map()
  const stopController = new AbortController()
  const stopSignal = AbortSignal.any([stopController.signal, ...(signal ? [signal] : [])])
  let stored = 0

  const think = async (min = 250, max = 1200) => {
    await sleep(min + random() * (max - min), undefined, { signal: stopSignal }).catch(() => {})
    if (stopSignal.aborted) throw new StopSimulation()
  }
  const pick = (list) => list[Math.floor(random() * list.length)]

  /**
   * A person: a taste and a browser (cookie jar) kept for a few visits, as a returning shopper keeps its cookies
   * (the collector's session cookie lives 30 days), so later visits continue the same session and its history.
   */
  const newPerson = (shop) => ({
    // Requests are not aborted by stop: a shopper finishes the request in flight, then stops at the next think.
    visitor: createVisitor(shop.url, { onRequest: () => totals.requests++ }),
    taste: pick(TASTES),
    signedIn: false,
    inCart: new Set(),
    visitsLeft: 1 + Math.floor(random() * MAX_VISITS_PER_PERSON),
  })

  async function visit(shop, person) {
    const driver = shopDriver(shop.kind)
    const { visitor, taste } = person
    const home = await visitor.get('/')
    const ids = productIdsIn(home.text)
    if (ids.length === 0) throw new Error(`${shop.name} lists no products`)
    // Categories as the shops sent them with putItem (both shops put their catalogs before shoppers start).
    if (ids.some((id) => !categories.has(id))) {
      categories = itemCategories(await emulatorRecords(emulatorUrl, { operation: 'PutItems' }))
    }
    const track = async (events) => {
      totals.events += acceptedCount(await visitor.track(events))
    }
    // Impressions of the recommended rows the page shows, with the ids Personalize gave them (none are made up).
    const shown = (page) => recommendationsIn(page.text)
    const recordShown = async (lists) => {
      const events = lists.map((list) => ({
        eventType: 'impression',
        impression: list.itemIds,
        recommendationId: list.recommendationId,
      }))
      if (events.length > 0) await track(events)
      return lists
    }
    let lists = await recordShown(shown(home))
    // A page without a recommended row (the fallback answered, or a shop without one): the catalog's first row was
    // still seen, recorded without a recommendationId.
    if (lists.length === 0) await track([{ eventType: 'impression', impression: ids.slice(0, 4) }])
    // The cart outlives the visit (the shops keep it per session): the cart's row leaves out all of it.
    const { inCart } = person
    const views = 1 + Math.floor(random() * 3)
    for (let i = 0; ; i++) {
      await think()
      // The shopper scans every recommended row it saw (items of its taste tempt it most); a click on one carries
      // its recommendationId. Otherwise it opens a product from the catalog, mostly of its taste, or leaves once it
      // has seen its `views` products (so the rows of its last page were scanned too, like every row counted).
      const clicked = pickRecommendedClick(lists, taste, categories, random)
      if (lists.length > 0) tallyScan(tally, lists, clicked, ids, taste, categories)
      if (!clicked && i >= views) break
      const itemId = clicked?.itemId ?? pickBrowsedItem(ids, taste, categories, random)
      await track([
        { eventType: 'click', itemId, ...(clicked && { recommendationId: clicked.recommendationId }) },
      ])
      const page = await visitor.get(`/products/${itemId}`)
      // Some shoppers go back to the home page next, whose row now follows what this session viewed. Rows further
      // down the product page are not always scrolled to: only the seen ones are recorded and scanned next. A
      // shopper at its last page leaves without scrolling.
      // A shopper who adds the product to the cart does so before scrolling, and then sees the cart's row.
      const more = i + 1 < MAX_PAGES
      const adding = random() < 0.45
      const homeAgain = more && !adding && random() < HOME_AGAIN_CHANCE
      lists =
        more && !adding && !homeAgain && random() < 0.6
          ? (await recordShown(shown(page))).map((list) => ({ ...list, exclude: [itemId] }))
          : []
      if (adding) {
        await think(150, 600)
        const cart = await driver.addToCart(visitor, itemId, page)
        inCart.add(itemId)
        if (more && cart) {
          lists = (await recordShown(shown(cart))).map((list) => ({ ...list, exclude: [...inCart] }))
        }
      }
      // Anonymous visitors who sign in part-way: their earlier events carry only the session id.
      if (!person.signedIn && taste.userId && random() < 0.3) {
        await think(150, 600)
        await driver.signIn(visitor, taste.userId)
        person.signedIn = true
        totals.signIns++
      }
      if (homeAgain) {
        await think(150, 600)
        lists = await recordShown(shown(await visitor.get('/')))
      }
    }
    if (inCart.size > 0 && random() < 0.6) {
      await think()
      await driver.checkout(visitor)
      inCart.clear()
      totals.purchases++
    }
  }

  async function shopper(shop) {
    let person = newPerson(shop)
    while (!stopSignal.aborted) {
      try {
        if (person.visitsLeft <= 0) person = newPerson(shop)
        person.visitsLeft--
        await visit(shop, person)
        totals.visits++
      } catch (error) {
        if (error instanceof StopSimulation || stopSignal.aborted) break
        totals.errors++
        totals.lastError = `${shop.name}: ${error.message}`
      }
      await think(500, 2000).catch(() => {})
    }
  }

  const refresh = async () => {
    try {
      const health = await fetch(`${emulatorUrl}/_emulator/health`, { signal: AbortSignal.timeout(2000) })
      stored = (await health.json()).records ?? stored
    } catch {
      // The emulator is briefly busy or stopping; keep the last count.
    }
    const ctr =
      tally.impressedItems > 0
        ? ` · CTR on recommended ${pct(tally.clicks / tally.impressedItems)} vs random ${pct(tally.randomClicks / tally.impressedItems)}`
        : ''
    const errors = totals.errors > 0 ? ` · ${totals.errors} errors (last: ${totals.lastError})` : ''
    progress.status(
      `Simulating ${shoppersPerShop}+${shoppersPerShop} shoppers · inspector: ${stored} records · ${totals.visits} visits · ${totals.requests} requests · ${totals.events} browser events · ${totals.purchases} checkouts · ${totals.signIns} sign-ins${ctr}${errors}`,
    )
  }
  const timer = setInterval(refresh, 1000)
  const loops = shops.flatMap((shop) => Array.from({ length: shoppersPerShop }, () => shopper(shop)))

  return {
    totals,
    tally,
    async stop() {
      stopController.abort()
      clearInterval(timer)
      await Promise.all(loops)
      progress.clearStatus()
      return totals
    },
  }
}

class StopSimulation extends Error {}

/** Visits a person makes at most before the simulation replaces it with a new one (a fresh cookie jar). */
const MAX_VISITS_PER_PERSON = 4
/** Chance that a shopper goes back to the home page after a product page. */
const HOME_AGAIN_CHANCE = 0.35
/** Product pages a visit opens at most, however many recommended items tempt the shopper. */
const MAX_PAGES = 8

const pct = (x) => `${(x * 100).toFixed(1)} %`

/** The collector answers `202 { accepted: [eventIds], rejected: [...] }`. */
function acceptedCount(answer) {
  return Array.isArray(answer?.accepted) ? answer.accepted.length : 0
}
