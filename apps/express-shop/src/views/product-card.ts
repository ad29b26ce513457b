import { formatPrice, type Product } from '../catalog'
import { html, type SafeHtml } from '../html'

/**
 * A list of product cards. `data-pk-list` / `data-pk-item` mark what the browser tracker reports: an
 * impression when the list is seen, a click (with the list as impression) when a card is followed, both with the
 * list's `recommendationId` when it came from Personalize.
 */
export function productList(
  listId: string,
  products: Product[],
  recommendationId?: string,
  reasons?: ReadonlyMap<string, string>,
): SafeHtml {
  const attribution = recommendationId ? html` data-pk-recommendation-id="${recommendationId}"` : ''
  return html`<ul class="grid" data-pk-list="${listId}"${attribution}>
  ${products.map(
    (p) => html`<li class="card">
      <a href="/products/${p.id}" data-pk-item="${p.id}">
        <h3>${p.name}</h3>
        <p>${p.description}</p>
        <p class="price">${formatPrice(p.priceCents)}</p>
        ${reasons?.get(p.id) ? html`<p class="reason">${reasons.get(p.id)}</p>` : ''}
      </a>
    </li>`,
  )}
</ul>`
}
