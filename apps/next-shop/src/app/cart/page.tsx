import Link from 'next/link'
import { cartTotalCents, readCart } from '../../lib/cart'
import { formatPrice } from '../../lib/catalog'
import { checkout, removeFromCart } from '../actions'

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
    </>
  )
}
