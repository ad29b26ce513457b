import { after } from 'next/server.js'

/**
 * @internal
 * Runs `task` once the response has been sent, through `after()` from `next/server`: the response is never
 * delayed, and on serverless platforms Next keeps the function alive (its `waitUntil`) until the task settles,
 * so the send completes before the function is frozen.
 *
 * Returns false when there is no request scope (module evaluation, `instrumentation.ts`, timers, unit tests, the
 * Pages Router), where `after()` throws: the caller then relies on the dispatcher's interval flush.
 */
export function runAfterResponse(task: () => Promise<unknown>): boolean {
  try {
    after(task)
    return true
  } catch {
    return false
  }
}

interface RequestContext {
  get(): { waitUntil?: (promise: Promise<unknown>) => void } | undefined
}

/**
 * @internal
 * The platform's `waitUntil` that Next.js itself uses under `after()` on serverless hosts (Vercel), for code
 * that runs where `after()` is not available, such as Pages Router API routes. Undefined on `next start`.
 */
export function platformWaitUntil(): ((promise: Promise<unknown>) => void) | undefined {
  const context = (globalThis as { [key: symbol]: unknown })[Symbol.for('@next/request-context')] as
    | RequestContext
    | undefined
  try {
    return context?.get()?.waitUntil
  } catch {
    return undefined
  }
}
