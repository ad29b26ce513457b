/** A product of the demo catalog. */
export interface Product {
  id: string
  name: string
  category: string
  priceCents: number
  description: string
}

/**
 * The demo catalog: six categories of six products, so recommendations that follow a taste stand out from random
 * ones. `createShopApp` sends it to Personalize with `putItem` at startup.
 */
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
    {
      id: 'sku-ethiopia',
      name: 'Ethiopia Yirgacheffe',
      category: 'coffee',
      priceCents: 1690,
      description: 'Floral and citrusy, 250 g.',
    },
    {
      id: 'sku-brazil',
      name: 'Brazil Santos',
      category: 'coffee',
      priceCents: 1190,
      description: 'Nutty and smooth, 500 g.',
    },
    {
      id: 'sku-cold-brew',
      name: 'Cold Brew Pack',
      category: 'coffee',
      priceCents: 1390,
      description: 'Coarse ground, 4 brewing bags.',
    },
    {
      id: 'sku-french-press',
      name: 'French Press',
      category: 'gear',
      priceCents: 3400,
      description: 'Glass and steel, 1 l.',
    },
    {
      id: 'sku-travel-press',
      name: 'Travel Press',
      category: 'gear',
      priceCents: 3900,
      description: 'Brews straight into the mug.',
    },
    {
      id: 'sku-travel-mug',
      name: 'Travel Mug',
      category: 'cups',
      priceCents: 2500,
      description: 'Leak proof, keeps it hot for 4 hours.',
    },
    {
      id: 'sku-glasses',
      name: 'Double-wall Glasses (2)',
      category: 'cups',
      priceCents: 2400,
      description: 'Borosilicate, 250 ml each.',
    },
    {
      id: 'sku-cappuccino-cups',
      name: 'Cappuccino Cups (2)',
      category: 'cups',
      priceCents: 2600,
      description: 'Porcelain, 180 ml each.',
    },
    {
      id: 'sku-tumbler',
      name: 'Steel Tumbler',
      category: 'cups',
      priceCents: 1900,
      description: 'Vacuum insulated, 350 ml.',
    },
    {
      id: 'sku-earl-grey',
      name: 'Earl Grey',
      category: 'tea',
      priceCents: 890,
      description: 'Black tea with bergamot, 100 g.',
    },
    {
      id: 'sku-rooibos',
      name: 'Rooibos',
      category: 'tea',
      priceCents: 790,
      description: 'Caffeine free, naturally sweet, 100 g.',
    },
    {
      id: 'sku-oolong',
      name: 'Milky Oolong',
      category: 'tea',
      priceCents: 1490,
      description: 'Creamy Taiwanese oolong, 50 g.',
    },
    {
      id: 'sku-dark-chocolate',
      name: 'Dark Chocolate 70 %',
      category: 'chocolate',
      priceCents: 450,
      description: 'Single origin bar, 100 g.',
    },
    {
      id: 'sku-milk-chocolate',
      name: 'Milk Chocolate',
      category: 'chocolate',
      priceCents: 390,
      description: 'Creamy bar, 100 g.',
    },
    {
      id: 'sku-hazelnut-chocolate',
      name: 'Hazelnut Chocolate',
      category: 'chocolate',
      priceCents: 490,
      description: 'Whole roasted hazelnuts, 100 g.',
    },
    {
      id: 'sku-cocoa',
      name: 'Drinking Cocoa',
      category: 'chocolate',
      priceCents: 890,
      description: 'Rich and dark, 250 g.',
    },
    {
      id: 'sku-truffles',
      name: 'Chocolate Truffles',
      category: 'chocolate',
      priceCents: 1290,
      description: 'Box of 12.',
    },
    {
      id: 'sku-cacao-nibs',
      name: 'Cacao Nibs',
      category: 'chocolate',
      priceCents: 690,
      description: 'Roasted and crunchy, 150 g.',
    },
    {
      id: 'sku-vanilla-syrup',
      name: 'Vanilla Syrup',
      category: 'syrups',
      priceCents: 790,
      description: 'Bourbon vanilla, 250 ml.',
    },
    {
      id: 'sku-caramel-syrup',
      name: 'Caramel Syrup',
      category: 'syrups',
      priceCents: 790,
      description: 'Buttery caramel, 250 ml.',
    },
    {
      id: 'sku-hazelnut-syrup',
      name: 'Hazelnut Syrup',
      category: 'syrups',
      priceCents: 790,
      description: 'Toasted hazelnut, 250 ml.',
    },
    {
      id: 'sku-maple-syrup',
      name: 'Maple Syrup',
      category: 'syrups',
      priceCents: 1190,
      description: 'Grade A amber, 250 ml.',
    },
    {
      id: 'sku-lavender-syrup',
      name: 'Lavender Syrup',
      category: 'syrups',
      priceCents: 890,
      description: 'For lattes and lemonade, 250 ml.',
    },
    {
      id: 'sku-gingerbread-syrup',
      name: 'Gingerbread Syrup',
      category: 'syrups',
      priceCents: 890,
      description: 'Warm spices, 250 ml.',
    },
  ]
}

/** Formats cents as a price label. */
export function formatPrice(cents: number): string {
  return `€${(cents / 100).toFixed(2)}`
}
