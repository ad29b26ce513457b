import { EMULATOR_RESOURCES, type Recommendation } from '@personalize-kit/core'
import type { RecommendedCard } from '../components/recommended-row'
import { findProduct, formatPrice, products } from './catalog'

/**
 * The Personalize resources the pages ask: the emulator's demo set unless the environment names others
 * (SHOP_RECOMMENDED_FOR_YOU_ARN, SHOP_ALSO_VIEWED_ARN, SHOP_CART_BOUGHT_TOGETHER_ARN).
 */
export function shopResources(env: Record<string, string | undefined> = process.env) {
  return {
    recommendedForYou: env.SHOP_RECOMMENDED_FOR_YOU_ARN ?? EMULATOR_RESOURCES.recommendedForYou,
    alsoViewed: env.SHOP_ALSO_VIEWED_ARN ?? EMULATOR_RESOURCES.alsoViewed,
    cartBoughtTogether: env.SHOP_CART_BOUGHT_TOGETHER_ARN ?? EMULATOR_RESOURCES.frequentlyBoughtTogether,
  }
}

/** `campaignArn` or `recommenderArn`, whichever `arn` is. */
export function resourceInput(arn: string): { campaignArn: string } | { recommenderArn: string } {
  return arn.includes(':recommender/') ? { recommenderArn: arn } : { campaignArn: arn }
}

/**
 * The cards of a recommendation, in its order, with Personalize's reason: items this shop does not sell (the demo
 * dataset also holds the Express shop's) and those in `exclude` are skipped, at most `count` are kept.
 */
export function recommendedCards(
  recommendation: Recommendation,
  count: number,
  exclude: ReadonlySet<string> = new Set(),
): RecommendedCard[] {
  const cards: RecommendedCard[] = []
  for (const item of recommendation.items) {
    const product = exclude.has(item.itemId) ? undefined : findProduct(item.itemId)
    if (!product) continue
    const reason = item.reason?.join(', ')
    cards.push({
      id: product.id,
      name: product.name,
      price: formatPrice(product.priceCents),
      description: product.description,
      ...(reason ? { reason } : {}),
    })
    if (cards.length === count) break
  }
  return cards
}

/** Products of the same category as `productId`, the fallback until viewers teach Personalize. */
export function sameCategory(productId: string): string[] {
  const category = findProduct(productId)?.category
  return products.filter((p) => p.category === category && p.id !== productId).map((p) => p.id)
}
