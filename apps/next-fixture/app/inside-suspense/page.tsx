import { Suspense } from 'react'
import { recordEvent } from '@/lib/personalize'

// Two components of one page record the same event: it must be stored once per request. The explicit-session
// one must not be recorded (nor read the clock) while `next build` prerenders the page's shell.
async function View() {
  await recordEvent({ eventType: 'view', itemId: 'sku-1' })
  return null
}

async function BackgroundView() {
  await recordEvent({ sessionId: 'explicit-session', userId: 'user-explicit', eventType: 'explicit-view' })
  return null
}

export default function Page() {
  return (
    <main>
      <h1>Twice</h1>
      <Suspense fallback={null}>
        <View />
        <BackgroundView />
      </Suspense>
      <Suspense fallback={null}>
        <View />
      </Suspense>
    </main>
  )
}
