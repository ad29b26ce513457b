// The README's Pages Router collector, as written, beside the App Router instance of lib/personalize.ts.
import { createPagesHandler } from '@personalize-kit/next/pages'

export default createPagesHandler()
export const config = { api: { bodyParser: false } }
