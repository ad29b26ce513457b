import { notFound } from 'next/navigation'
import { RecommendedRow } from '../../../components/recommended-row'
import { findProduct, formatPrice, recommendationsFor } from '../../../lib/catalog'
import { recordSafely } from '../../../lib/record-safely'
import { addToCart } from '../../actions'

/** A product page. The `view` is recorded from this Server Component (once per request, never while prerendering). */
export default async function ProductPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  const product = findProduct(id)
  if (!product) notFound()
  await recordSafely({ eventType: 'view', itemId: product.id })
  const related = recommendationsFor(product.id, 3).map((item) => ({
    id: item.id,
    name: item.name,
    price: formatPrice(item.priceCents),
    description: item.description,
  }))
  return (
    <article>
      <h1>{product.name}</h1>
      <p>{product.description}</p>
      <p className="price">{formatPrice(product.priceCents)}</p>
      <form action={addToCart}>
        <input type="hidden" name="itemId" value={product.id} />
        <button type="submit" data-testid="add-to-cart">
          Add to cart
        </button>
      </form>
      <RecommendedRow items={related} recommendationId={`related-${product.id}`} />
    </article>
  )
}
