'use client'
// The mistake the build must refuse with a clear message: the server entry imported from a Client Component.
import { createPersonalize } from '@personalize-kit/next'

export default function Page() {
  return <p>{typeof createPersonalize}</p>
}
