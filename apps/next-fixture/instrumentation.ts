// The README's instrumentation.ts: registers lib/personalize.ts for the zero-config route and sends the catalog.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return
  const { putItem } = await import('./lib/personalize')
  for (const itemId of ['home', 'sku-1', 'sku-2']) putItem({ itemId, properties: { price: 10 } })
}
