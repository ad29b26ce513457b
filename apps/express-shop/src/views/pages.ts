import { formatPrice, type Product } from '../catalog'
import { html, type SafeHtml } from '../html'
import type { Order, ShopState } from '../shop-state'
import { layout, type PageContext } from './layout'
import { productList } from './product-card'

/** The catalog, grouped by category. */
export function catalogPage(context: PageContext, products: Product[], recommended?: SafeHtml): string {
  const categories = [...new Set(products.map((p) => p.category))]
  return layout(
    'Catalog',
    context,
    html`${recommended?.value ? html`<h2>Recommended for you</h2>${recommended}` : ''}
    <h1>Catalog</h1>
    ${categories.map(
      (category) => html`<h2>${category}</h2>
      ${productList(
        `catalog-${category}`,
        products.filter((p) => p.category === category),
      )}`,
    )}`,
  )
}

/** One product with an add-to-cart form and what customers who viewed it also viewed. */
export function productPage(context: PageContext, product: Product, alsoViewed: SafeHtml): string {
  return layout(
    product.name,
    context,
    html`<article class="card" data-product-id="${product.id}">
      <h1>${product.name}</h1>
      <p>${product.description}</p>
      <p class="price">${formatPrice(product.priceCents)}</p>
      <form method="post" action="/cart">
        <input type="hidden" name="itemId" value="${product.id}">
        <label>Quantity <input type="number" name="quantity" value="1" min="1" max="20"></label>
        <button>Add to cart</button>
      </form>
    </article>
    <h2>Customers who viewed this also viewed</h2>
    ${alsoViewed}`,
  )
}

/** The cart with a checkout button, and what is bought with it when Personalize (or its fallback) offered some. */
export function cartPage(context: PageContext, lines: Order['lines'], related?: SafeHtml): string {
  const total = lines.reduce((sum, l) => sum + l.product.priceCents * l.quantity, 0)
  const body =
    lines.length === 0
      ? html`<h1>Your cart</h1><p>Your cart is empty. <a href="/">Browse the catalog</a>.</p>`
      : html`<h1>Your cart</h1>
      <table>
        <tr><th>Product</th><th>Qty</th><th>Price</th><th></th></tr>
        ${lines.map(
          (l) => html`<tr>
            <td><a href="/products/${l.product.id}">${l.product.name}</a></td>
            <td>${l.quantity}</td>
            <td>${formatPrice(l.product.priceCents * l.quantity)}</td>
            <td><form class="inline" method="post" action="/cart/remove">
              <input type="hidden" name="itemId" value="${l.product.id}"><button>Remove</button></form></td>
          </tr>`,
        )}
      </table>
      <p class="price">Total ${formatPrice(total)}</p>
      <form method="post" action="/checkout"><button data-testid="checkout">Checkout</button></form>
      ${related?.value ? html`<h2>Frequently bought together</h2>${related}` : ''}`
  return layout('Cart', context, body)
}

/** Order confirmation. */
export function orderPage(context: PageContext, order: Order): string {
  return layout(
    'Thank you',
    context,
    html`<h1>Thank you for your order</h1>
    <p>Order <code data-testid="order-id">${order.id}</code>: ${order.lines.length} product(s),
    total ${formatPrice(order.totalCents)}.</p>
    <p><a href="/">Continue shopping</a></p>`,
  )
}

/** Demo sign-in: pick one of the known users. */
export function signInPage(context: PageContext, state: ShopState): string {
  return layout(
    'Sign in',
    context,
    html`<h1>Sign in</h1>
    <form method="post" action="/signin" class="card">
      <label>Demo user <select name="userId">
        ${[...state.users.values()].map((u) => html`<option value="${u.id}">${u.name} (${u.email})</option>`)}
      </select></label>
      <button>Sign in</button>
    </form>`,
  )
}

/** Sign-up form; `error` is shown above it. */
export function signUpPage(context: PageContext, error?: string): string {
  return layout(
    'Sign up',
    context,
    html`<h1>Sign up</h1>
    ${error ? html`<p role="alert">${error}</p>` : ''}
    <form method="post" action="/signup" class="card">
      <label>Name <input name="name" required maxlength="80"></label>
      <label>Email <input name="email" type="email" required maxlength="120"></label>
      <label>Favourite <select name="favourite"><option>coffee</option><option>tea</option></select></label>
      <button>Create account</button>
    </form>`,
  )
}

/** A plain not-found page. */
export function notFoundPage(context: PageContext): string {
  return layout('Not found', context, html`<h1>Not found</h1><p><a href="/">Back to the catalog</a></p>`)
}
