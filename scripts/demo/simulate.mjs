// `pnpm demo --simulate`: a population of scripted shoppers using both shops over real HTTP. Each visit starts
// anonymous (a fresh cookie jar), sees the catalog and the recommended rows (impressions carrying the
// recommendationId the page shows), clicks products, half of them in a recommended row (clicks posted to the
// collector, views recorded by the server), sometimes fills a cart, sometimes signs in half-way (the sign-in
// joins the anonymous session to the user) and sometimes checks out (purchases recorded by the server).
import { setTimeout as sleep } from 'node:timers/promises'
import { productIdsIn, recommendationsIn } from './seed.mjs'
import { DEMO_USER_IDS, shopDriver } from './shop-drivers.mjs'
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
  const stopController = new AbortController()
  const stopSignal = AbortSignal.any([stopController.signal, ...(signal ? [signal] : [])])
  let stored = 0

  const think = async (min = 250, max = 1200) => {
    await sleep(min + random() * (max - min), undefined, { signal: stopSignal }).catch(() => {})
    if (stopSignal.aborted) throw new StopSimulation()
  }
  const pick = (list) => list[Math.floor(random() * list.length)]

  async function visit(shop) {
    const driver = shopDriver(shop.kind)
    // Requests are not aborted by stop: a shopper finishes the request in flight, then stops at the next think.
    const visitor = createVisitor(shop.url, { onRequest: () => totals.requests++ })
    const home = await visitor.get('/')
    const ids = productIdsIn(home.text)
    if (ids.length === 0) throw new Error(`${shop.name} lists no products`)
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
    }
    let lists = shown(home)
    await recordShown(lists)
    // A page without a recommended row (the fallback answered, or a shop without one): the catalog's first row was
    // still seen, recorded without a recommendationId.
    if (lists.length === 0) await track([{ eventType: 'impression', impression: ids.slice(0, 4) }])
    let signedIn = false
    let inCart = 0
    const views = 1 + Math.floor(random() * 3)
    for (let i = 0; i < views; i++) {
      await think()
      // Half of the clicks follow a recommended row of the page the shopper is on, with its recommendationId.
      const from = lists.length > 0 && random() < 0.5 ? pick(lists) : undefined
      const itemId = from ? pick(from.itemIds) : pick(ids)
      await track([{ eventType: 'click', itemId, ...(from && { recommendationId: from.recommendationId }) }])
      const page = await visitor.get(`/products/${itemId}`)
      lists = shown(page)
      if (random() < 0.6) await recordShown(lists)
      if (random() < 0.45) {
        await think(150, 600)
        await driver.addToCart(visitor, itemId, page)
        inCart++
      }
      // Anonymous visitors who sign in part-way: their earlier events carry only the session id.
      if (!signedIn && random() < 0.2) {
        await think(150, 600)
        await driver.signIn(visitor, pick(DEMO_USER_IDS))
        signedIn = true
        totals.signIns++
      }
    }
    if (inCart > 0 && random() < 0.6) {
      await think()
      await driver.checkout(visitor)
      totals.purchases++
    }
  }

  async function shopper(shop) {
    while (!stopSignal.aborted) {
      try {
        await visit(shop)
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
    const errors = totals.errors > 0 ? ` · ${totals.errors} errors (last: ${totals.lastError})` : ''
    progress.status(
      `Simulating ${shoppersPerShop}+${shoppersPerShop} shoppers · inspector: ${stored} records · ${totals.visits} visits · ${totals.requests} requests · ${totals.events} browser events · ${totals.purchases} checkouts · ${totals.signIns} sign-ins${errors}`,
    )
  }
  const timer = setInterval(refresh, 1000)
  const loops = shops.flatMap((shop) => Array.from({ length: shoppersPerShop }, () => shopper(shop)))

  return {
    totals,
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

/** The collector answers `202 { accepted: [eventIds], rejected: [...] }`. */
function acceptedCount(answer) {
  return Array.isArray(answer?.accepted) ? answer.accepted.length : 0
}
