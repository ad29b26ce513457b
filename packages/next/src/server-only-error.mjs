// What a browser bundle gets for `@personalize-kit/next` (the `browser` export condition). The server entry holds
// the AWS SDK and credentials and must never reach a browser. Next.js fails a build that imports `server-only`
// from a Client Component, and its error shows the line above that import: keep the pointer there, and short.
// Shipped as written (not bundled), so that line survives.
// In a Client Component, import from '@personalize-kit/next/client' instead.
import 'server-only'

// Never reached under Next.js, whose build stops at the import above; other bundlers throw on load.
export const createPersonalize = undefined

throw new Error(
  "[@personalize-kit/next] is server-only: in a Client Component, import from '@personalize-kit/next/client'.",
)
