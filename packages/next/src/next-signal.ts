/**
 * @internal
 * TRICKY: Next.js tells itself "this page reads cookies, render it on demand" (and redirects, prerender
 * interruptions, postponing) by throwing from `cookies()`/`headers()`/`connection()`; such errors must reach Next
 * untouched. They all carry a string `digest` (React's postpone a `$$typeof` marker), unlike the plain Error
 * thrown outside a request. `unstable_rethrow` from `next/navigation` would say the same, but importing that
 * module breaks route handler bundles.
 */
export function isNextSignal(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const signal = error as { digest?: unknown; $$typeof?: unknown }
  return typeof signal.digest === 'string' || signal.$$typeof === Symbol.for('react.postpone')
}
