const PURCHASE = /purchase|buy|order|checkout|transaction/i
const CART = /cart|basket|add/i
const LIKE = /like|rate|rating|favou?rite|wish|review|share/i

/** How much one interaction says about taste: purchases most, carts and likes more than views. @internal */
export function eventWeight(eventType: string | undefined): number {
  if (!eventType) return 1
  if (PURCHASE.test(eventType)) return 3
  if (CART.test(eventType)) return 2
  if (LIKE.test(eventType)) return 1.5
  return 1
}

/** Event types that count as a purchase (best sellers, purchased-item exclusion). @internal */
export function isPurchase(eventType: string | undefined): boolean {
  return eventType !== undefined && PURCHASE.test(eventType)
}

/** Recency: weights double every week of event time, so older interactions count relatively less. @internal */
export const RECENCY_HALF_LIFE_S = 7 * 24 * 3600
