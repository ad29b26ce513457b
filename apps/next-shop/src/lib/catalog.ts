/**
 * The shop's product data, shared by the pages, the Server Actions and the catalog upload in
 * `instrumentation.ts`. A real shop would read a database; a constant keeps the example self-contained.
 */
export interface Product {
  id: string
  name: string
  category: 'coffee' | 'tea' | 'gear' | 'cups' | 'chocolate' | 'syrups'
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
  {
    id: 'ethiopia-natural',
    name: 'Ethiopia Natural',
    category: 'coffee',
    priceCents: 1650,
    description: 'Blueberry sweet, sun dried.',
  },
  {
    id: 'house-blend',
    name: 'House Blend',
    category: 'coffee',
    priceCents: 1150,
    description: 'Chocolatey and balanced, for every brew.',
  },
  {
    id: 'cold-brew-bags',
    name: 'Cold Brew Bags',
    category: 'coffee',
    priceCents: 1350,
    description: 'Four bags for a litre of cold brew.',
  },
  {
    id: 'jasmine-pearls',
    name: 'Jasmine Pearls',
    category: 'tea',
    priceCents: 1490,
    description: 'Hand-rolled green tea scented with jasmine.',
  },
  {
    id: 'rooibos',
    name: 'Rooibos',
    category: 'tea',
    priceCents: 750,
    description: 'Caffeine free and naturally sweet.',
  },
  {
    id: 'milky-oolong',
    name: 'Milky Oolong',
    category: 'tea',
    priceCents: 1390,
    description: 'Creamy, buttery Taiwanese oolong.',
  },
  {
    id: 'french-press',
    name: 'French Press',
    category: 'gear',
    priceCents: 3200,
    description: 'Glass and steel, serves four.',
  },
  {
    id: 'milk-frother',
    name: 'Milk Frother',
    category: 'gear',
    priceCents: 2900,
    description: 'Whisks hot or cold milk foam in seconds.',
  },
  {
    id: 'brew-scale',
    name: 'Brew Scale',
    category: 'gear',
    priceCents: 3500,
    description: '0.1 g resolution with a built-in timer.',
  },
  {
    id: 'stoneware-mug',
    name: 'Stoneware Mug',
    category: 'cups',
    priceCents: 1700,
    description: 'Hand glazed, holds 300 ml.',
  },
  {
    id: 'espresso-cups',
    name: 'Espresso Cups',
    category: 'cups',
    priceCents: 2100,
    description: 'A pair of porcelain cups, 80 ml each.',
  },
  {
    id: 'travel-mug',
    name: 'Travel Mug',
    category: 'cups',
    priceCents: 2400,
    description: 'Leak proof and hot for four hours.',
  },
  {
    id: 'glass-tumblers',
    name: 'Glass Tumblers',
    category: 'cups',
    priceCents: 2300,
    description: 'Double-wall borosilicate, a pair.',
  },
  {
    id: 'cappuccino-cups',
    name: 'Cappuccino Cups',
    category: 'cups',
    priceCents: 2500,
    description: 'A pair of wide porcelain cups.',
  },
  {
    id: 'steel-tumbler',
    name: 'Steel Tumbler',
    category: 'cups',
    priceCents: 1800,
    description: 'Vacuum insulated, 350 ml.',
  },
  {
    id: 'dark-chocolate',
    name: 'Dark Chocolate',
    category: 'chocolate',
    priceCents: 450,
    description: 'A 70 % single-origin bar.',
  },
  {
    id: 'milk-chocolate',
    name: 'Milk Chocolate',
    category: 'chocolate',
    priceCents: 390,
    description: 'A creamy everyday bar.',
  },
  {
    id: 'sea-salt-chocolate',
    name: 'Sea Salt Chocolate',
    category: 'chocolate',
    priceCents: 490,
    description: 'Dark chocolate with flakes of sea salt.',
  },
  {
    id: 'drinking-cocoa',
    name: 'Drinking Cocoa',
    category: 'chocolate',
    priceCents: 850,
    description: 'Rich, dark and not too sweet.',
  },
  {
    id: 'chocolate-truffles',
    name: 'Chocolate Truffles',
    category: 'chocolate',
    priceCents: 1250,
    description: 'A box of twelve.',
  },
  {
    id: 'cacao-nibs',
    name: 'Cacao Nibs',
    category: 'chocolate',
    priceCents: 650,
    description: 'Roasted and crunchy.',
  },
  {
    id: 'vanilla-syrup',
    name: 'Vanilla Syrup',
    category: 'syrups',
    priceCents: 750,
    description: 'Bourbon vanilla for lattes.',
  },
  {
    id: 'caramel-syrup',
    name: 'Caramel Syrup',
    category: 'syrups',
    priceCents: 750,
    description: 'Buttery caramel.',
  },
  {
    id: 'hazelnut-syrup',
    name: 'Hazelnut Syrup',
    category: 'syrups',
    priceCents: 750,
    description: 'Toasted hazelnut.',
  },
  {
    id: 'maple-syrup',
    name: 'Maple Syrup',
    category: 'syrups',
    priceCents: 1150,
    description: 'Grade A amber maple.',
  },
  {
    id: 'lavender-syrup',
    name: 'Lavender Syrup',
    category: 'syrups',
    priceCents: 850,
    description: 'Floral, for lattes and lemonade.',
  },
  {
    id: 'gingerbread-syrup',
    name: 'Gingerbread Syrup',
    category: 'syrups',
    priceCents: 850,
    description: 'Warm winter spices.',
  },
  {
    id: 'guatemala',
    name: 'Guatemala',
    category: 'coffee',
    priceCents: 1550,
    description: 'Chocolate and plum, from Huehuetenango.',
  },
  {
    id: 'kenya-aa',
    name: 'Kenya AA',
    category: 'coffee',
    priceCents: 1750,
    description: 'Blackcurrant bright and juicy.',
  },
  {
    id: 'espresso-blend',
    name: 'Espresso Blend',
    category: 'coffee',
    priceCents: 1350,
    description: 'A kilo of crema-rich blend.',
  },
  {
    id: 'specialty-instant',
    name: 'Specialty Instant',
    category: 'coffee',
    priceCents: 950,
    description: 'Freeze dried, eight sachets.',
  },
  {
    id: 'moka-pot',
    name: 'Moka Pot',
    category: 'gear',
    priceCents: 2800,
    description: 'Classic aluminium, three cups.',
  },
  {
    id: 'milk-jug',
    name: 'Milk Jug',
    category: 'gear',
    priceCents: 1850,
    description: 'Steel pitcher for latte art.',
  },
  {
    id: 'filter-papers',
    name: 'Filter Papers',
    category: 'gear',
    priceCents: 550,
    description: 'A hundred cone filters.',
  },
  {
    id: 'coffee-canister',
    name: 'Coffee Canister',
    category: 'gear',
    priceCents: 2100,
    description: 'Airtight, keeps beans fresh.',
  },
  {
    id: 'latte-bowl',
    name: 'Latte Bowl',
    category: 'cups',
    priceCents: 1550,
    description: 'Stoneware, 400 ml.',
  },
  {
    id: 'demitasse-set',
    name: 'Demitasse Set',
    category: 'cups',
    priceCents: 3100,
    description: 'Four cups with saucers.',
  },
  {
    id: 'teacup-and-saucer',
    name: 'Teacup and Saucer',
    category: 'cups',
    priceCents: 2050,
    description: 'Fine bone china.',
  },
  {
    id: 'enamel-mug',
    name: 'Enamel Camp Mug',
    category: 'cups',
    priceCents: 1350,
    description: 'Chip resistant, 350 ml.',
  },
  {
    id: 'genmaicha',
    name: 'Genmaicha',
    category: 'tea',
    priceCents: 850,
    description: 'Green tea with toasted rice.',
  },
  {
    id: 'darjeeling',
    name: 'Darjeeling',
    category: 'tea',
    priceCents: 1650,
    description: 'First flush, muscatel and floral.',
  },
  {
    id: 'peppermint',
    name: 'Peppermint',
    category: 'tea',
    priceCents: 650,
    description: 'Whole peppermint leaves.',
  },
  {
    id: 'hojicha',
    name: 'Hojicha',
    category: 'tea',
    priceCents: 950,
    description: 'Roasted green tea, low in caffeine.',
  },
  {
    id: 'orange-chocolate',
    name: 'Orange Chocolate',
    category: 'chocolate',
    priceCents: 490,
    description: 'Dark chocolate with candied peel.',
  },
  {
    id: 'white-chocolate',
    name: 'White Chocolate',
    category: 'chocolate',
    priceCents: 390,
    description: 'With Madagascar vanilla.',
  },
  {
    id: 'chocolate-almonds',
    name: 'Chocolate Almonds',
    category: 'chocolate',
    priceCents: 750,
    description: 'Roasted almonds in dark chocolate.',
  },
  {
    id: 'hot-chocolate-flakes',
    name: 'Hot Chocolate Flakes',
    category: 'chocolate',
    priceCents: 950,
    description: 'Shaved 60 % chocolate.',
  },
  {
    id: 'cinnamon-syrup',
    name: 'Cinnamon Syrup',
    category: 'syrups',
    priceCents: 750,
    description: 'Ceylon cinnamon.',
  },
  {
    id: 'coconut-syrup',
    name: 'Coconut Syrup',
    category: 'syrups',
    priceCents: 750,
    description: 'Toasted coconut.',
  },
  {
    id: 'mint-syrup',
    name: 'Mint Syrup',
    category: 'syrups',
    priceCents: 750,
    description: 'Fresh mint.',
  },
  {
    id: 'wildflower-honey',
    name: 'Wildflower Honey',
    category: 'syrups',
    priceCents: 1050,
    description: 'Raw honey, 350 g.',
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
