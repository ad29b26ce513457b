import { createPagesHandler } from '@personalize-kit/next/pages'

export default createPagesHandler()
export const config = { api: { bodyParser: false } }
