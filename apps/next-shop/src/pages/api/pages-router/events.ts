// The same collector for an app still on the Pages Router. The shop itself uses the App Router route
// (src/app/api/personalize/events/route.ts); this one exists so the end-to-end test covers the Pages handler
// under `next start`, behind Next's default JSON body parser.
import { createPagesHandler } from '@personalize-kit/next/pages'

export default createPagesHandler()
