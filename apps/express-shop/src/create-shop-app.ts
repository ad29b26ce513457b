import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  createDispatcher,
  type Dispatcher,
  dispatcherOptionsFromEnv,
  EMULATOR_RESOURCES,
  recommendationClientOptionsFromEnv,
} from '@personalize-kit/core'
import { type PersonalizeMiddleware, personalize, type ServerEventInput } from '@personalize-kit/express'
import express, { type Express, type Request, type Response } from 'express'
import { demoCatalog } from './catalog'
import { createDemoAuth } from './demo-auth'
import { html } from './html'
import { cartLines, createShopState, type ShopState } from './shop-state'
import type { PageContext } from './views/layout'
import {
  cartPage,
  catalogPage,
  notFoundPage,
  orderPage,
  productPage,
  signInPage,
  signUpPage,
} from './views/pages'
import { ROW_REQUEST, recommendedList } from './views/recommended-list'

/**
 * Options of {@link createShopApp}.
 */
export interface ShopOptions {
  /** A dispatcher of your own; default one built from `dispatcherOptionsFromEnv(env)` (the emulator by default). */
  dispatcher?: Dispatcher
  env?: Record<string, string | undefined>
  /** Secret signing the demo sign-in cookie; default random per instance. */
  secret?: string
  /**
   * Browser tracking script: the React bundle (`public/client.js`, built by `pnpm build`) or the dependency-free
   * fallback (`public/tracker.js`). Default: the bundle when it has been built.
   */
  browserTracking?: 'bundle' | 'fallback'
}

/** The shop app and what a server (or a test) needs around it. */
export interface ShopApp {
  app: Express
  personalize: PersonalizeMiddleware
  state: ShopState
}

const PUBLIC_DIR = fileURLToPath(new URL('../public', import.meta.url))

/**
 * Builds the Express shop: catalog, product pages (views via autoTrack), cart, checkout (purchases via
 * `req.personalize.recordEvent`), demo sign-in and sign-up (`putUser`), and the event collector for browser
 * clicks and impressions. The catalog is sent with `putItem` right away.
 */
export function createShopApp(options: ShopOptions = {}): ShopApp {
  const env = options.env ?? process.env
  const dispatcher =
    options.dispatcher ??
    createDispatcher({
      ...dispatcherOptionsFromEnv(env),
      flushIntervalMs: Number(env.SHOP_FLUSH_INTERVAL_MS ?? 500),
    })
  const catalog = demoCatalog()
  const state = createShopState(catalog)
  const auth = createDemoAuth(options.secret ?? env.SHOP_SECRET)
  for (const product of catalog) {
    dispatcher.putItem({
      itemId: product.id,
      properties: { category: product.category, price: product.priceCents / 100 },
    })
  }

  const pk = personalize({
    dispatcher,
    getUserId: (req) => auth.userOf(req.get('cookie')),
    // Browsers may only report what they see; purchases and cart events are recorded by the server.
    allowedEventTypes: ['click', 'impression'],
    rateLimitPerMinute: 600,
    autoTrack: [{ method: 'GET', path: '/products/:id', eventType: 'view', itemId: (req) => req.params.id }],
    // Live recommendations from the emulator (or Personalize); the catalog's first products when it is slow.
    recommendations: {
      ...recommendationClientOptionsFromEnv(env),
      fallback: catalog.map((product) => product.id),
    },
  })
  const recommendedForYou = env.SHOP_RECOMMENDED_FOR_YOU_ARN ?? EMULATOR_RESOURCES.recommendedForYou
  const alsoViewed = env.SHOP_ALSO_VIEWED_ARN ?? EMULATOR_RESOURCES.alsoViewed
  const boughtTogether = env.SHOP_CART_BOUGHT_TOGETHER_ARN ?? EMULATOR_RESOURCES.frequentlyBoughtTogether

  /**
   * Records without ever failing the request: an order must go through even when the event queue is full or the
   * dispatcher is closing. The failure is logged with its reason instead (nothing is lost silently).
   */
  const safely = (what: string, context: object, send: () => unknown): void => {
    try {
      send()
    } catch (error) {
      const code = (error as { code?: unknown }).code
      pk.logger.warn(
        { err: error, code, ...context },
        `[express-shop] ${what} not recorded: ${(error as Error).message}`,
      )
    }
  }
  const record = (req: Request, event: ServerEventInput): void =>
    safely(event.eventType, { eventType: event.eventType, itemId: event.itemId }, () =>
      req.personalize.recordEvent(event),
    )

  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', 'loopback')
  app.use(express.static(PUBLIC_DIR, { index: false }))
  app.use(express.json({ limit: '100kb' }))
  app.use(express.urlencoded({ extended: false, limit: '10kb' }))
  app.use(pk)

  const tracking = options.browserTracking ?? (existsSync(`${PUBLIC_DIR}/client.js`) ? 'bundle' : 'fallback')
  const scripts =
    tracking === 'bundle'
      ? html`<script type="module" src="/client.js"></script>`
      : html`<script src="/tracker.js" defer></script>`
  const context = (req: Request): PageContext => {
    const userId = req.personalize.userId
    const cart = state.carts.get(req.personalize.sessionId)
    return {
      userName: userId ? state.users.get(userId)?.name : undefined,
      cartCount: cart ? [...cart.values()].reduce((a, b) => a + b, 0) : 0,
      scripts,
    }
  }
  const notFound = (req: Request, res: Response) =>
    res
      .status(404)
      .type('html')
      .send(notFoundPage(context(req)))

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, dispatcher: dispatcher.stats() })
  })
  app.get('/', async (req, res) => {
    // For the signed-in user, else this visitor's session: the one their clicks are recorded under.
    const recommendation = await req.personalize.recommend({
      recommenderArn: recommendedForYou,
      numResults: ROW_REQUEST,
    })
    const recommended = recommendedList('recommended-for-you', recommendation, state.products)
    res.type('html').send(catalogPage(context(req), catalog, recommended))
  })
  app.get('/products/:id', async (req, res) => {
    const product = state.products.get(req.params.id)
    if (!product) return void notFound(req, res)
    const recommendation = await req.personalize.recommend({
      recommenderArn: alsoViewed,
      itemId: product.id,
      numResults: ROW_REQUEST,
      // Until viewers teach it, products of the same category stand in.
      fallback: catalog.filter((p) => p.category === product.category).map((p) => p.id),
    })
    const list = recommendedList(`also-viewed-${product.id}`, recommendation, state.products)
    res.type('html').send(productPage(context(req), product, list))
  })
  app.get('/cart', async (req, res) => {
    const lines = cartLines(state, req.personalize.sessionId)
    const newest = lines.at(-1)?.product
    if (!newest) return void res.type('html').send(cartPage(context(req), lines))
    // What was frequently bought with the newest line; items already in the cart are not offered again.
    const recommendation = await req.personalize.recommend({
      [boughtTogether.includes(':recommender/') ? 'recommenderArn' : 'campaignArn']: boughtTogether,
      itemId: newest.id,
      numResults: ROW_REQUEST + lines.length,
      fallback: catalog.filter((p) => p.category === newest.category).map((p) => p.id),
    })
    const inCart = new Set(lines.map((line) => line.product.id))
    const offered = new Map([...state.products].filter(([id]) => !inCart.has(id)))
    const related = recommendedList('cart-related', recommendation, offered)
    res.type('html').send(cartPage(context(req), lines, related))
  })
  app.post('/cart', (req, res) => {
    const product = state.products.get(String(req.body?.itemId ?? ''))
    if (!product) return void res.status(400).send('unknown product')
    const quantity = Math.min(20, Math.max(1, Number.parseInt(String(req.body?.quantity ?? '1'), 10) || 1))
    const cart = state.carts.get(req.personalize.sessionId) ?? new Map<string, number>()
    cart.set(product.id, (cart.get(product.id) ?? 0) + quantity)
    state.carts.set(req.personalize.sessionId, cart)
    record(req, { eventType: 'add-to-cart', itemId: product.id, eventValue: quantity })
    res.redirect(303, '/cart')
  })
  app.post('/cart/remove', (req, res) => {
    state.carts.get(req.personalize.sessionId)?.delete(String(req.body?.itemId ?? ''))
    res.redirect(303, '/cart')
  })
  app.post('/checkout', (req, res) => {
    const lines = cartLines(state, req.personalize.sessionId)
    if (lines.length === 0) return void res.redirect(303, '/cart')
    const order = {
      id: `order-${randomUUID().slice(0, 8)}`,
      userId: req.personalize.userId,
      lines,
      totalCents: lines.reduce((sum, l) => sum + l.product.priceCents * l.quantity, 0),
    }
    for (const line of lines) {
      record(req, {
        eventType: 'purchase',
        itemId: line.product.id,
        eventValue: (line.product.priceCents * line.quantity) / 100,
        properties: { orderId: order.id, quantity: line.quantity },
      })
    }
    state.orders.set(order.id, order)
    state.carts.delete(req.personalize.sessionId)
    res.redirect(303, `/orders/${order.id}`)
  })
  app.get('/orders/:id', (req, res) => {
    const order = state.orders.get(req.params.id)
    if (!order) return void notFound(req, res)
    res.type('html').send(orderPage(context(req), order))
  })
  app.get('/signin', (req, res) => {
    res.type('html').send(signInPage(context(req), state))
  })
  app.post('/signin', (req, res) => {
    const user = state.users.get(String(req.body?.userId ?? ''))
    if (!user)
      return void res
        .status(400)
        .type('html')
        .send(signInPage(context(req), state))
    // One event carrying both ids lets Personalize join the anonymous session history to the user.
    record(req, { eventType: 'sign-in', userId: user.id })
    res.append('Set-Cookie', auth.signInCookie(user.id, req.secure))
    res.redirect(303, '/')
  })
  app.get('/signup', (req, res) => {
    res.type('html').send(signUpPage(context(req)))
  })
  app.post('/signup', (req, res) => {
    const name = String(req.body?.name ?? '').trim()
    const email = String(req.body?.email ?? '').trim()
    const favourite = req.body?.favourite === 'tea' ? 'tea' : 'coffee'
    if (!name || !email.includes('@')) {
      return void res
        .status(400)
        .type('html')
        .send(signUpPage(context(req), 'Please enter a name and an email.'))
    }
    const user = { id: `user-${randomUUID()}`, name, email }
    state.users.set(user.id, user)
    // Only non-identifying attributes go to Personalize.
    safely('putUser', { userId: user.id }, () =>
      req.personalize.putUser({ userId: user.id, properties: { favouriteCategory: favourite } }),
    )
    record(req, { eventType: 'sign-up', userId: user.id })
    res.append('Set-Cookie', auth.signInCookie(user.id, req.secure))
    res.redirect(303, '/')
  })
  app.post('/signout', (_req, res) => {
    res.append('Set-Cookie', auth.signOutCookie())
    res.redirect(303, '/')
  })
  app.use(notFound)
  return { app, personalize: pk, state }
}
