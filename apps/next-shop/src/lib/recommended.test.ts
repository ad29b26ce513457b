import { EMULATOR_RESOURCES } from '@personalize-kit/core'
import { describe, expect, it } from 'vitest'
import { recommendedCards, resourceInput, sameCategory, shopResources } from './recommended'

describe('recommended', () => {
  it('keeps the shop’s own items in the recommendation’s order, with their reason, skipping excluded ones', () => {
    const cards = recommendedCards(
      {
        recommendationId: 'RID-1',
        source: 'personalize',
        items: [
          { itemId: 'sku-espresso', reason: ['Popular item'] },
          { itemId: 'earl-grey', reason: ['Customers who viewed sencha also viewed this'] },
          { itemId: 'sencha' },
          { itemId: 'chamomile' },
          { itemId: 'hand-grinder' },
        ],
      },
      2,
      new Set(['sencha']),
    )
    expect(cards.map((card) => [card.id, card.reason])).toEqual([
      ['earl-grey', 'Customers who viewed sencha also viewed this'],
      ['chamomile', undefined],
    ])
  })

  it('falls back to the same category, picks the ARN field by resource type, and takes ARNs from the env', () => {
    expect(sameCategory('sencha').sort()).toEqual([
      'chamomile',
      'darjeeling',
      'earl-grey',
      'genmaicha',
      'hojicha',
      'jasmine-pearls',
      'milky-oolong',
      'peppermint',
      'rooibos',
    ])
    expect(resourceInput(EMULATOR_RESOURCES.relatedItems)).toEqual({
      campaignArn: EMULATOR_RESOURCES.relatedItems,
    })
    expect(resourceInput(EMULATOR_RESOURCES.alsoViewed)).toEqual({
      recommenderArn: EMULATOR_RESOURCES.alsoViewed,
    })
    // The cart asks the emulator's frequently-bought-together recommender unless the env names another.
    expect(shopResources({}).cartBoughtTogether).toBe(EMULATOR_RESOURCES.frequentlyBoughtTogether)
    expect(resourceInput(shopResources({}).cartBoughtTogether)).toEqual({
      recommenderArn: EMULATOR_RESOURCES.frequentlyBoughtTogether,
    })
    expect(shopResources({ SHOP_CART_BOUGHT_TOGETHER_ARN: 'arn:x' }).cartBoughtTogether).toBe('arn:x')
  })
})
