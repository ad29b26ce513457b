// Browser entry, bundled by build.mjs into public/client.js. The pages are server-rendered HTML; React only
// hosts the tracking hooks from @personalize-kit/react in a root of its own.
import { PersonalizeProvider } from '@personalize-kit/react'
import { createRoot } from 'react-dom/client'
import { ShopTracking } from './shop-tracking'

const host = document.createElement('div')
host.hidden = true
document.body.append(host)
createRoot(host).render(
  <PersonalizeProvider endpoint="/api/personalize/events">
    <ShopTracking lists={[...document.querySelectorAll('[data-pk-list]')]} />
  </PersonalizeProvider>,
)
