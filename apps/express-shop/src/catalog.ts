/** A product of the demo catalog. */
export interface Product {
  id: string
  name: string
  category: string
  priceCents: number
  description: string
}

/** The demo catalog; `createShopApp` sends it to Personalize with `putItem` at startup. */
export function demoCatalog(): Product[] {
  return [
    {
      id: 'sku-espresso',
      name: 'Espresso Beans',
      category: 'coffee',
      priceCents: 1490,
      description: 'Dark roast, 500 g.',
    },
    {
      id: 'sku-filter',
      name: 'Filter Coffee',
      category: 'coffee',
      priceCents: 1190,
      description: 'Bright and fruity, 500 g.',
    },
    {
      id: 'sku-decaf',
      name: 'Decaf Blend',
      category: 'coffee',
      priceCents: 1290,
      description: 'All the taste, no buzz.',
    },
    {
      id: 'sku-grinder',
      name: 'Hand Grinder',
      category: 'gear',
      priceCents: 5900,
      description: 'Steel burrs, 40 settings.',
    },
    {
      id: 'sku-kettle',
      name: 'Gooseneck Kettle',
      category: 'gear',
      priceCents: 4500,
      description: 'Precise pouring, 1 l.',
    },
    {
      id: 'sku-scale',
      name: 'Brew Scale',
      category: 'gear',
      priceCents: 3200,
      description: '0.1 g resolution with timer.',
    },
    {
      id: 'sku-dripper',
      name: 'Ceramic Dripper',
      category: 'gear',
      priceCents: 2400,
      description: 'Cone dripper for one cup.',
    },
    {
      id: 'sku-mug',
      name: 'Stoneware Mug',
      category: 'cups',
      priceCents: 1800,
      description: 'Hand glazed, 300 ml.',
    },
    {
      id: 'sku-cup',
      name: 'Espresso Cups (2)',
      category: 'cups',
      priceCents: 2200,
      description: 'Porcelain, 80 ml each.',
    },
    {
      id: 'sku-tea',
      name: 'Sencha Tea',
      category: 'tea',
      priceCents: 990,
      description: 'Japanese green tea, 100 g.',
    },
    {
      id: 'sku-matcha',
      name: 'Ceremonial Matcha',
      category: 'tea',
      priceCents: 2490,
      description: 'Stone ground, 30 g.',
    },
    {
      id: 'sku-chai',
      name: 'Masala Chai',
      category: 'tea',
      priceCents: 1090,
      description: 'Black tea with spices.',
    },
  ]
}

/** Formats cents as a price label. */
export function formatPrice(cents: number): string {
  return `€${(cents / 100).toFixed(2)}`
}
