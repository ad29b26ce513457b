import type { Product } from './catalog'

/** A registered shop user. */
export interface ShopUser {
  id: string
  name: string
  email: string
}

/** A completed order. */
export interface Order {
  id: string
  userId: string | undefined
  lines: Array<{ product: Product; quantity: number }>
  totalCents: number
}

/** In-memory shop data of one app instance: users, carts (per Personalize session) and orders. */
export interface ShopState {
  products: Map<string, Product>
  users: Map<string, ShopUser>
  carts: Map<string, Map<string, number>>
  orders: Map<string, Order>
}

/** Creates the state with the catalog and two demo users. */
export function createShopState(catalog: Product[]): ShopState {
  const users = new Map<string, ShopUser>([
    ['user-alice', { id: 'user-alice', name: 'Alice', email: 'alice@example.com' }],
    ['user-bob', { id: 'user-bob', name: 'Bob', email: 'bob@example.com' }],
  ])
  return { products: new Map(catalog.map((p) => [p.id, p])), users, carts: new Map(), orders: new Map() }
}

/** Cart lines of a session, with products resolved. */
export function cartLines(state: ShopState, sessionId: string): Order['lines'] {
  const cart = state.carts.get(sessionId) ?? new Map<string, number>()
  return [...cart].flatMap(([id, quantity]) => {
    const product = state.products.get(id)
    return product ? [{ product, quantity }] : []
  })
}
