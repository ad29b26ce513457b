import Link from 'next/link'
import { RecommendedRow } from '../../components/recommended-row'
import { cartTotalCents, readCart } from '../../lib/cart'
import { formatPrice } from '../../lib/catalog'
import { personalize } from '../../lib/personalize'
import { recommendedCards, resourceInput, sameCategory, shopResources } from '../../lib/recommended'
import { checkout, removeFromCart } from '../actions'

/** The cart, and what is frequently bought together with its newest line. */
export default async function CartPage() {
  const lines = await readCart()
  if (lines.length === 0) {
    return (
      <>
        <h1>Your cart</h1>
        <p data-testid="empty-cart">
          Your cart is empty. <Link href="/">Browse the catalog</Link>.
        </p>
      </>
    )
  }
  const newest = lines[lines.length - 1]?.product.id ?? ''
  const recommendation = await personalize.recommend({
    ...resourceInput(shopResources().cartBoughtTogether),
    itemId: newest,
    numResults: 12,
    fallback: sameCategory(newest),
  })
  // Items already in the cart are not offered again.
  const inCart = new Set(lines.map((line) => line.product.id))
  return (
    <>
      <h1>Your cart</h1>
      <table>
        <tbody>
          {lines.map((line) => (
            <tr key={line.product.id} data-testid={`cart-line-${line.product.id}`}>
              <td>{line.product.name}</td>
              <td>× {line.quantity}</td>
              <td>{formatPrice(line.product.priceCents * line.quantity)}</td>
              <td>
                <form action={removeFromCart}>
                  <input type="hidden" name="itemId" value={line.product.id} />
                  <button type="submit">Remove</button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="price">Total: {formatPrice(cartTotalCents(lines))}</p>
      <form action={checkout}>
        <button type="submit" data-testid="checkout">
          Place order
        </button>
      </form>
      <RecommendedRow
        title="Frequently bought together"
        listId="cart-related"
        items={recommendedCards(recommendation, 4, inCart)}
        recommendationId={recommendation.recommendationId}
      />
    </>
  )
}
