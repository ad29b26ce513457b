import { cookies } from 'next/headers'
import { findProduct, type Product } from './catalog'

const CART_COOKIE = 'shop_cart'

export interface CartLine {
  product: Product
  quantity: number
}

/** The cart lives in a cookie (`itemId:qty,...`) so the example needs no database. */
export async function readCart(): Promise<CartLine[]> {
  const raw = (await cookies()).get(CART_COOKIE)?.value ?? ''
  const lines: CartLine[] = []
  for (const entry of raw.split(',')) {
    const [id, qty] = entry.split(':')
    const product = id ? findProduct(id) : undefined
    const quantity = Number(qty)
    if (product && Number.isInteger(quantity) && quantity > 0) lines.push({ product, quantity })
  }
  return lines
}

/** Replaces the cart. Only callable from Server Actions and Route Handlers (cookies are read-only elsewhere). */
export async function writeCart(lines: CartLine[]): Promise<void> {
  const store = await cookies()
  if (lines.length === 0) {
    store.delete(CART_COOKIE)
    return
  }
  const value = lines.map((line) => `${line.product.id}:${line.quantity}`).join(',')
  store.set(CART_COOKIE, value, { httpOnly: true, sameSite: 'lax', path: '/' })
}

export function cartTotalCents(lines: CartLine[]): number {
  return lines.reduce((sum, line) => sum + line.product.priceCents * line.quantity, 0)
}
