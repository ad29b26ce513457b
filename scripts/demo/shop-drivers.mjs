// How a shopper uses each example shop: the same intentions (add to cart, check out, sign in), different HTML.
// Adding to cart answers with the cart page both shops redirect to.
// express-shop takes classic urlencoded form posts; next-shop's forms post to Server Actions.
import { formsIn } from './visitor.mjs'

/** The demo accounts both shops offer on their sign-in pages. */
export const DEMO_USER_IDS = ['user-alice', 'user-bob']

const expressDriver = {
  signInPath: '/signin',
  async addToCart(visitor, itemId) {
    return visitor.postForm('/cart', { itemId, quantity: '1' })
  },
  async checkout(visitor) {
    await visitor.postForm('/checkout', {})
  },
  async signIn(visitor, userId) {
    await visitor.postForm('/signin', { userId })
  },
}

/** Posts the Server Action form of `page` that `matches`, as React's progressive enhancement would. */
async function submitActionForm(visitor, page, matches, what) {
  const form = formsIn(page.text).find(
    (f) => Object.keys(f.fields).some((k) => k.startsWith('$ACTION_ID_')) && matches(f),
  )
  if (!form) throw new Error(`no ${what} form on ${page.url}`)
  return visitor.postMultipart(form.action || new URL(page.url).pathname, form.fields)
}

const nextDriver = {
  signInPath: '/sign-in',
  async addToCart(visitor, itemId, productPage) {
    const page = productPage ?? (await visitor.get(`/products/${itemId}`))
    return submitActionForm(visitor, page, (f) => f.fields.itemId === itemId, 'add-to-cart')
  },
  async checkout(visitor) {
    const page = await visitor.get('/cart')
    await submitActionForm(visitor, page, (f) => f.html.includes('data-testid="checkout"'), 'checkout')
  },
  async signIn(visitor, userId) {
    const page = await visitor.get('/sign-in')
    await submitActionForm(visitor, page, (f) => f.fields.userId === userId, 'sign-in')
  },
}

/** The driver for a shop kind: `'express'` or `'next'`. */
export function shopDriver(kind) {
  if (kind === 'express') return expressDriver
  if (kind === 'next') return nextDriver
  throw new Error(`unknown shop kind '${kind}'`)
}
