import { ProductCard } from '../components/product-card'
import { RecommendedRow } from '../components/recommended-row'
import { formatPrice, products } from '../lib/catalog'
import { personalize } from '../lib/personalize'
import { recommendedCards, shopResources } from '../lib/recommended'

function toCard(product: (typeof products)[number]) {
  return {
    id: product.id,
    name: product.name,
    price: formatPrice(product.priceCents),
    description: product.description,
  }
}

/**
 * The catalog, and what Personalize recommends for this visitor (the signed-in user, else the session their events
 * carry). Nothing is recorded while this renders on the server: the hooks only send from the browser.
 */
export default async function CatalogPage() {
  // More than are shown: the demo dataset also holds the Express shop's items, which this shop skips.
  const recommendation = await personalize.recommend({
    recommenderArn: shopResources().recommendedForYou,
    numResults: 12,
    fallback: products.slice(0, 4).map((product) => product.id),
  })
  return (
    <>
      <h1>Catalog</h1>
      <div className="grid">
        {products.map((product) => (
          <ProductCard key={product.id} {...toCard(product)} />
        ))}
      </div>
      {/* Pushes the recommendations below the fold, so an impression needs a scroll. */}
      <div className="spacer" aria-hidden="true" />
      <RecommendedRow
        title="Recommended for you"
        listId="recommended-for-you"
        items={recommendedCards(recommendation, 4)}
        recommendationId={recommendation.recommendationId}
      />
    </>
  )
}
