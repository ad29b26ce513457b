/**
 * Calls `callback` when the page is being hidden or left: on `pagehide`, or `visibilitychange` to hidden,
 * whichever comes first (a once-guard keeps both from firing it; it re-arms when the page is visible again, which
 * includes a restore from the back/forward cache).
 * Mobile browsers often kill a backgrounded tab without `pagehide`, hence the visibility signal.
 * Returns a function that removes the listeners.
 *
 * @example
 * ```ts
 * const stop = onPageHide(() => navigator.sendBeacon('/log', 'bye'))
 * ```
 */
export const onPageHide = (callback: () => void): (() => void) => {
  if (typeof document === 'undefined') return () => {}
  let hidden = false
  const onHide = () => {
    if (!hidden) {
      hidden = true
      callback()
    }
  }
  const onChange = () => {
    if (document.visibilityState === 'hidden') onHide()
    else hidden = false
  }
  addEventListener('pagehide', onHide)
  document.addEventListener('visibilitychange', onChange)
  return () => {
    removeEventListener('pagehide', onHide)
    document.removeEventListener('visibilitychange', onChange)
  }
}
