import type { Recommendation } from '@personalize-kit/core'
import type { Product } from '../catalog'
import { html, type SafeHtml } from '../html'
import { productList } from './product-card'

/** Products a recommended row shows. */
export const ROW_LENGTH = 4

/**
 * Results to ask Personalize for a row: more than it shows, because the demo dataset also holds the other shop's
 * items (skipped here), and a row should still be full.
 */
export const ROW_REQUEST = 12

/**
 * A recommended row: the first `count` products of a recommendation in its order (ids the catalog does not know
 * are skipped),
 * each with Personalize's reason when it gave one. `data-pk-recommendation-id` lets the browser tracker attribute
 * the row's impression and clicks; a fallback row has none, so nothing is credited to a list Personalize never made.
 */
export function recommendedList(
  listId: string,
  recommendation: Recommendation,
  products: ReadonlyMap<string, Product>,
  count = ROW_LENGTH,
): SafeHtml {
  const shown = recommendation.items
    .flatMap((item) => {
      const product = products.get(item.itemId)
      return product ? [{ product, reason: item.reason?.join(', ') }] : []
    })
    .slice(0, count)
  if (shown.length === 0) return html``
  return html`<div data-pk-source="${recommendation.source}">
  ${productList(
    listId,
    shown.map((s) => s.product),
    recommendation.recommendationId,
    new Map(shown.flatMap((s) => (s.reason ? [[s.product.id, s.reason] as const] : []))),
  )}
</div>`
}
