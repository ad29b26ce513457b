// Demo data. The shops send their own catalogs with putItem when they start (express-shop in createShopApp,
// next-shop in instrumentation.ts); the demo users exist in both shops but neither sends them, so the demo does,
// with the library's own dispatcher.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { pathToFileURL } from 'node:url'

/** The users both shops know (their sign-in pages offer them). Attributes are non-identifying, as they should be. */
export const DEMO_USERS = [
  { userId: 'user-alice', properties: { favouriteCategory: 'coffee', membership: 'gold' } },
  { userId: 'user-bob', properties: { favouriteCategory: 'tea', membership: 'standard' } },
]

/** Sends {@link DEMO_USERS} with `putUser` to the emulator and waits until they are delivered. */
export async function sendDemoUsers(root, emulatorUrl) {
  const entry = join(root, 'packages/core/dist/index.mjs')
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run the demo without --no-build once`)
  // The SDK's notice about its future Node.js support window is not news for someone trying the demo; the
  // shops' own logs keep it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const { createDispatcher, dispatcherOptionsFromEnv } = await import(pathToFileURL(entry).href)
  const dispatcher = createDispatcher(dispatcherOptionsFromEnv({ PERSONALIZE_ENDPOINT: emulatorUrl }))
  for (const user of DEMO_USERS) dispatcher.putUser(user)
  const report = await dispatcher.close({ timeoutMs: 15_000 })
  if (report.delivered !== DEMO_USERS.length) {
    throw new Error(`putUser delivered ${report.delivered} of ${DEMO_USERS.length} users`)
  }
  return report.delivered
}

/** Product ids linked from a shop page (`/products/<id>`), in page order, without duplicates. */
export function productIdsIn(html) {
  return [...new Set([...html.matchAll(/href="\/products\/([\w.-]+)"/g)].map((m) => m[1]))]
}

/**
 * The recommended lists of a shop page: each `data-pk-list` element that carries the `data-pk-recommendation-id`
 * Personalize gave it, with the product ids it shows (at most 25, an impression's limit). Fallback and catalog
 * lists carry no id and are left out, so the simulator never attributes anything to a list Personalize did not make.
 */
export function recommendationsIn(html) {
  const lists = []
  for (const match of html.matchAll(/<ul[^>]*data-pk-recommendation-id="([^"]+)"[^>]*>([\s\S]*?)<\/ul>/g)) {
    const itemIds = [...new Set([...match[2].matchAll(/data-pk-item="([\w.-]+)"/g)].map((m) => m[1]))]
    if (itemIds.length > 0) lists.push({ recommendationId: match[1], itemIds: itemIds.slice(0, 25) })
  }
  return lists
}

/** Stored records of the emulator's admin API, filtered like `/_emulator/records?operation=...`. */
export async function emulatorRecords(emulatorUrl, query = {}) {
  const url = new URL('/_emulator/records', emulatorUrl)
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v))
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) })
  if (!response.ok) throw new Error(`${url} answered ${response.status}`)
  return (await response.json()).records
}

/**
 * Waits until the emulator holds a PutItems record for every product the shop lists on its home page, i.e. the
 * shop's startup putItem calls arrived. Returns the product ids.
 */
export async function waitForCatalog(shopUrl, emulatorUrl, timeoutMs = 60_000) {
  const html = await (await fetch(shopUrl, { signal: AbortSignal.timeout(30_000) })).text()
  const ids = productIdsIn(html)
  if (ids.length === 0) throw new Error(`${shopUrl} lists no products`)
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const stored = new Set(
      (await emulatorRecords(emulatorUrl, { operation: 'PutItems' })).map((r) => r.itemId),
    )
    const missing = ids.filter((id) => !stored.has(id))
    if (missing.length === 0) return ids
    if (Date.now() > deadline) {
      throw new Error(`the emulator never received putItem for ${missing.join(', ')} from ${shopUrl}`)
    }
    await sleep(250)
  }
}
