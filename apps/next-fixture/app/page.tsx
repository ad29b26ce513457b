import { Suspense } from 'react'
import { recordEvent } from '@/lib/personalize'
import { checkout } from './actions'
import { BuyButton } from './buy-button'

// The case issue 14 reported: a Server Component inside <Suspense> that awaits recordEvent. Under Cache Components
// with Partial Prefetching, React renders it twice per request (the second time for the runtime prefetch).
async function HomeView() {
  await recordEvent({ eventType: 'view', itemId: 'home' })
  return <p data-testid="viewed">viewed</p>
}

export default function Home() {
  return (
    <main>
      <h1>Fixture</h1>
      <Suspense fallback={null}>
        <HomeView />
      </Suspense>
      <BuyButton itemId="sku-1" />
      <form action={checkout}>
        <input type="hidden" name="itemId" value="sku-2" />
        <button type="submit" data-testid="checkout">
          Checkout
        </button>
      </form>
    </main>
  )
}
