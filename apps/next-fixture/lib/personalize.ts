import { createPersonalize } from '@personalize-kit/next'
import { auth } from './auth'

// The README's lib/personalize.ts as written: getUserId reads the user through the auth library's `auth()`,
// which uses next/headers.
export const { handlers, recordEvent, putItem, putUser } = createPersonalize({
  getUserId: async () => (await auth())?.user?.id,
})
