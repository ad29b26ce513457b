'use client'

import { useTrackEvent } from '@personalize-kit/next/client'
import Link from 'next/link'

export interface ProductCardProps {
  id: string
  name: string
  price: string
  description: string
  recommendationId?: string
}

/** A catalog card that records a `click` before the router navigates to the product page. */
export function ProductCard({ id, name, price, description, recommendationId }: ProductCardProps) {
  const track = useTrackEvent()
  return (
    <Link
      href={`/products/${id}`}
      className="card"
      data-testid={`product-${id}`}
      onClick={() =>
        track({ eventType: 'click', itemId: id, ...(recommendationId ? { recommendationId } : {}) })
      }
    >
      <h3>{name}</h3>
      <p>{description}</p>
      <span className="price">{price}</span>
    </Link>
  )
}
