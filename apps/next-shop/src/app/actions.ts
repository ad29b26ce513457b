'use server'

import { randomUUID } from 'node:crypto'
import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { cartTotalCents, readCart, writeCart } from '../lib/cart'
import { findProduct } from '../lib/catalog'
import { putUserSafely, recordSafely } from '../lib/record-safely'
import { demoUsers, USER_COOKIE } from '../lib/users'

const userCookie = { httpOnly: true, sameSite: 'lax', path: '/' } as const

export async function addToCart(formData: FormData): Promise<void> {
  const product = findProduct(String(formData.get('itemId')))
  if (!product) return
  const lines = await readCart()
  const line = lines.find((entry) => entry.product.id === product.id)
  if (line) line.quantity += 1
  else lines.push({ product, quantity: 1 })
  await writeCart(lines)
  await recordSafely({ eventType: 'add-to-cart', itemId: product.id })
  redirect('/cart')
}

export async function removeFromCart(formData: FormData): Promise<void> {
  const itemId = String(formData.get('itemId'))
  const lines = await readCart()
  await writeCart(lines.filter((line) => line.product.id !== itemId))
}

/**
 * Checkout records one `purchase` per cart line on the server: purchases are facts the server knows, so they
 * never depend on the browser staying open. A purchase that cannot be recorded is logged; the order goes through.
 */
export async function checkout(): Promise<void> {
  const lines = await readCart()
  if (lines.length === 0) redirect('/cart')
  const orderId = randomUUID().slice(0, 8)
  for (const line of lines) {
    await recordSafely({
      eventType: 'purchase',
      itemId: line.product.id,
      eventValue: (line.product.priceCents * line.quantity) / 100,
      properties: { orderId, quantity: line.quantity },
    })
  }
  await writeCart([])
  redirect(`/orders/${orderId}?total=${cartTotalCents(lines)}`)
}

export async function signIn(formData: FormData): Promise<void> {
  const userId = String(formData.get('userId'))
  if (!demoUsers.some((user) => user.id === userId)) redirect('/sign-in')
  ;(await cookies()).set(USER_COOKIE, userId, userCookie)
  // The user id is passed explicitly: getUserId reads the request's cookies, which predate this sign-in. Sharing
  // the session with the earlier anonymous events lets Personalize attribute those to this user too.
  await recordSafely({ eventType: 'sign-in', userId })
  redirect('/')
}

export async function signUp(formData: FormData): Promise<void> {
  const name = String(formData.get('name') ?? '')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 32)
  if (!name) redirect('/sign-in')
  const userId = `user-${name}`
  putUserSafely({ userId, properties: { signupSource: 'next-shop' } })
  ;(await cookies()).set(USER_COOKIE, userId, userCookie)
  await recordSafely({ eventType: 'sign-up', userId })
  redirect('/')
}

export async function signOut(): Promise<void> {
  ;(await cookies()).delete(USER_COOKIE)
  redirect('/')
}
