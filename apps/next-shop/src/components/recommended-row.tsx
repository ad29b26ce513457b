'use client'

import { useRecommendation } from '@personalize-kit/next/client'
import { ProductCard, type ProductCardProps } from './product-card'

/** A recommended product with Personalize's reason for it. */
export interface RecommendedCard extends ProductCardProps {
  reason?: string
}

/**
 * A row of recommended products. `useRecommendation` records one impression (the ids shown, with the list's
 * `recommendationId`) once the row has been at least half visible for a second, and attributes clicks on its cards
 * to the same id. A fallback list has no `recommendationId`, so nothing is credited to a list Personalize never
 * made. `data-pk-*` mark the row for scripts that read the page (the demo's simulated shoppers).
 */
export function RecommendedRow({
  title,
  listId,
  items,
  recommendationId,
}: {
  title: string
  listId: string
  items: RecommendedCard[]
  recommendationId?: string
}) {
  const { ref, click } = useRecommendation<HTMLUListElement>({
    items: items.map((item) => ({ itemId: item.id })),
    recommendationId,
  })
  if (items.length === 0) return null
  return (
    <section className="recommended" data-testid="recommended">
      <h2>{title}</h2>
      <ul
        ref={ref}
        className="grid"
        style={{ listStyle: 'none', padding: 0 }}
        data-pk-list={listId}
        {...(recommendationId ? { 'data-pk-recommendation-id': recommendationId } : {})}
      >
        {items.map(({ reason, ...item }) => (
          <li key={item.id}>
            <ProductCard {...item} onClick={() => click(item.id)} />
            {reason ? <p className="reason">{reason}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  )
}
