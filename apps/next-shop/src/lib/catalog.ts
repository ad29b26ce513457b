/**
 * The shop's product data, shared by the pages, the Server Actions and the catalog upload in
 * `instrumentation.ts`. A real shop would read a database; a constant keeps the example self-contained.
 */
export interface Product {
  id: string
  name: string
  category: 'coffee' | 'tea' | 'gear'
  priceCents: number
  description: string
}

export const products: readonly Product[] = [
  {
    id: 'espresso-beans',
    name: 'Espresso Beans',
    category: 'coffee',
    priceCents: 1450,
    description: 'Dark roast with notes of cocoa and toasted hazelnut.',
  },
  {
    id: 'filter-roast',
    name: 'Filter Roast',
    category: 'coffee',
    priceCents: 1300,
    description: 'A bright, light roast for pour-over and batch brew.',
  },
  {
    id: 'decaf-colombia',
    name: 'Decaf Colombia',
    category: 'coffee',
    priceCents: 1250,
    description: 'Sugar-cane decaffeinated, caramel sweet.',
  },
  {
    id: 'sencha',
    name: 'Sencha Green Tea',
    category: 'tea',
    priceCents: 990,
    description: 'Steamed Japanese green tea, grassy and fresh.',
  },
  {
    id: 'earl-grey',
    name: 'Earl Grey',
    category: 'tea',
    priceCents: 850,
    description: 'Black tea scented with bergamot.',
  },
  {
    id: 'chamomile',
    name: 'Chamomile',
    category: 'tea',
    priceCents: 790,
    description: 'Whole flowers for a calm evening cup.',
  },
  {
    id: 'pour-over-kit',
    name: 'Pour-over Kit',
    category: 'gear',
    priceCents: 3900,
    description: 'Ceramic dripper, 100 filters and a measuring scoop.',
  },
  {
    id: 'hand-grinder',
    name: 'Hand Grinder',
    category: 'gear',
    priceCents: 6500,
    description: 'Steel burrs, 40 grind settings, fits in a backpack.',
  },
  {
    id: 'gooseneck-kettle',
    name: 'Gooseneck Kettle',
    category: 'gear',
    priceCents: 5400,
    description: 'Precise pour, holds 0.9 litres.',
  },
]

/** Returns the product with this id, or `undefined`. */
export function findProduct(id: string): Product | undefined {
  return products.find((product) => product.id === id)
}

/** Formats a price in cents as dollars, e.g. `$14.50`. */
export function formatPrice(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`
}

/** The catalog as Personalize Items dataset records, sent with `putItem`. */
export function catalogItems(): { itemId: string; properties: Record<string, unknown> }[] {
  return products.map((product) => ({
    itemId: product.id,
    properties: { category: product.category, price: product.priceCents / 100 },
  }))
}
