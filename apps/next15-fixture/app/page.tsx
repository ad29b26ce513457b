import { Suspense } from 'react'
import { recordEvent } from '@/lib/personalize'
import { checkout } from './actions'

async function RecordView() {
  await recordEvent({ eventType: 'view', itemId: 'home' })
  return <p data-testid="viewed">viewed</p>
}

export default async function Home() {
  // Awaited in the page itself (it renders on demand) and again inside Suspense: stored once per request.
  await recordEvent({ eventType: 'view', itemId: 'home' })
  return (
    <main>
      <Suspense fallback={null}>
        <RecordView />
      </Suspense>
      <form action={checkout}>
        <input type="hidden" name="itemId" value="sku-2" />
        <button type="submit" data-testid="checkout">
          Checkout
        </button>
      </form>
    </main>
  )
}
