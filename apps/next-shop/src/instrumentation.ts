/**
 * Runs once per server instance, before the first request. Loading the shop's Personalize module here
 * registers its `getUserId` for the zero-config collector route, and sends the catalog with `putItem`.
 */
export async function register(): Promise<void> {
  // The catalog is uploaded by the running server, not while `next build` prerenders pages.
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return
  const [{ personalize }, { catalogItems }] = await Promise.all([
    import('./lib/personalize'),
    import('./lib/catalog'),
  ])
  let refused = 0
  for (const item of catalogItems()) {
    try {
      personalize.putItem(item)
    } catch (error) {
      // A full queue (or an invalid item) must not stop the shop from starting; say what was not sent.
      refused += 1
      if (refused === 1) console.error('[next-shop] could not queue a catalog item; carrying on:', error)
    }
  }
  if (refused > 0) console.error(`[next-shop] ${refused} catalog items were not queued`)
  // There is no request here, so no after(): send now rather than on the next interval. Not awaited, so an
  // unreachable endpoint cannot hold up the server's start (the dispatcher keeps retrying in the background).
  void personalize.dispatcher.flush()
}
