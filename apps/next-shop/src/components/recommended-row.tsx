'use client'

import { useTrackImpression } from '@personalize-kit/next/client'
import { useRef } from 'react'
import { ProductCard, type ProductCardProps } from './product-card'

/**
 * A row of recommended products. Records one impression (the ids shown) once the row has been at least half
 * visible for a second, so Personalize learns what was shown but not clicked.
 */
export function RecommendedRow({
  items,
  recommendationId,
}: {
  items: ProductCardProps[]
  recommendationId: string
}) {
  const ref = useRef<HTMLElement>(null)
  useTrackImpression(ref, { itemIds: items.map((item) => item.id), recommendationId })
  return (
    <section ref={ref} className="recommended" data-testid="recommended">
      <h2>Recommended for you</h2>
      <div className="grid">
        {items.map((item) => (
          <ProductCard key={item.id} {...item} recommendationId={recommendationId} />
        ))}
      </div>
    </section>
  )
}
