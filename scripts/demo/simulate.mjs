// `pnpm demo --simulate`: a population of scripted shoppers using both shops over real HTTP. Each visit starts
// anonymous (a fresh cookie jar), sees the catalog (an impression), clicks products (clicks posted to the
// collector, views recorded by the server), sometimes fills a cart, sometimes signs in half-way (the sign-in
// joins the anonymous session to the user) and sometimes checks out (purchases recorded by the server).
import { setTimeout as sleep } from 'node:timers/promises'
import { productIdsIn } from './seed.mjs'
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
    await track([
      { eventType: 'impression', impression: ids.slice(0, 4), recommendationId: 'home-top-picks' },
    ])
    let signedIn = false
    let inCart = 0
    const views = 1 + Math.floor(random() * 3)
    for (let i = 0; i < views; i++) {
      await think()
      const itemId = pick(ids)
      await track([{ eventType: 'click', itemId }])
      const page = await visitor.get(`/products/${itemId}`)
      const related = productIdsIn(page.text)
        .filter((id) => id !== itemId)
        .slice(0, 25)
      if (related.length > 0 && random() < 0.6) {
        await track([{ eventType: 'impression', impression: related, recommendationId: `related-${itemId}` }])
      }
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
