import type { Fallback, FallbackContext, FallbackItems, RecommendedItem } from './types'

/**
 * The fallback's items for one request: at most `numResults`, without the item being viewed, without duplicates.
 * A fallback function that throws or returns something else than a list gives no items (and `problem` says why),
 * so the page still renders.
 */
export async function fallbackItems(
  fallback: Fallback | undefined,
  context: FallbackContext,
): Promise<{ items: RecommendedItem[]; problem?: unknown }> {
  if (fallback === undefined) return { items: [] }
  let list: FallbackItems
  try {
    list = typeof fallback === 'function' ? await fallback(context) : fallback
  } catch (error) {
    return { items: [], problem: error }
  }
  if (!Array.isArray(list))
    return { items: [], problem: new TypeError(`the fallback returned ${typeof list}, not an array`) }
  const items: RecommendedItem[] = []
  const seen = new Set<string>()
  if (context.itemId !== undefined) seen.add(context.itemId)
  for (const entry of list) {
    if (items.length >= context.numResults) break
    const item = typeof entry === 'string' ? { itemId: entry } : entry
    if (typeof item?.itemId !== 'string' || seen.has(item.itemId)) continue
    seen.add(item.itemId)
    items.push({ ...item })
  }
  return { items }
}
