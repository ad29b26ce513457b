import { notFound } from 'next/navigation'
import { RecommendedRow } from '../../../components/recommended-row'
import { findProduct, formatPrice } from '../../../lib/catalog'
import { personalize } from '../../../lib/personalize'
import { recommendedCards, sameCategory, shopResources } from '../../../lib/recommended'
import { recordSafely } from '../../../lib/record-safely'
import { addToCart } from '../../actions'

/**
 * A product page with what customers who viewed it also viewed. The `view` is recorded from this Server Component
 * (once per request, never while prerendering).
 */
export default async function ProductPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  const product = findProduct(id)
  if (!product) notFound()
  await recordSafely({ eventType: 'view', itemId: product.id })
  const recommendation = await personalize.recommend({
    recommenderArn: shopResources().alsoViewed,
    itemId: product.id,
    numResults: 12,
    // Until viewers teach it, products of the same category stand in.
    fallback: sameCategory(product.id),
  })
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
      <RecommendedRow
        title="Customers who viewed this also viewed"
        listId={`also-viewed-${product.id}`}
        items={recommendedCards(recommendation, 3)}
        recommendationId={recommendation.recommendationId}
      />
    </article>
  )
}
