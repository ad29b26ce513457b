'use client'

import { useTrackEvent } from '@personalize-kit/next/client'
import Link from 'next/link'

export interface ProductCardProps {
  id: string
  name: string
  price: string
  description: string
}

/**
 * A catalog card that records a `click` before the router navigates to the product page; `onClick` replaces that
 * recording (a recommended row attributes the click to its recommendation).
 */
export function ProductCard({
  id,
  name,
  price,
  description,
  onClick,
}: ProductCardProps & { onClick?: () => void }) {
  const track = useTrackEvent()
  return (
    <Link
      href={`/products/${id}`}
      className="card"
      data-testid={`product-${id}`}
      data-pk-item={id}
      onClick={() => (onClick ? onClick() : track({ eventType: 'click', itemId: id }))}
    >
      <h3>{name}</h3>
      <p>{description}</p>
      <span className="price">{price}</span>
    </Link>
  )
}
