import { ProductCard } from '../components/product-card'
import { RecommendedRow } from '../components/recommended-row'
import { formatPrice, products, recommendationsFor } from '../lib/catalog'

function toCard(product: (typeof products)[number]) {
  return {
    id: product.id,
    name: product.name,
    price: formatPrice(product.priceCents),
    description: product.description,
  }
}

/** The catalog. Nothing is recorded while this renders on the server: the hooks only send from the browser. */
export default function CatalogPage() {
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
        items={recommendationsFor(undefined, 4).map(toCard)}
        recommendationId="home-top-picks"
      />
    </>
  )
}
