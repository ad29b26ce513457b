// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest'
import { onPageHide } from './on-page-hide'

const setVisibility = (value: 'hidden' | 'visible') => {
  Object.defineProperty(document, 'visibilityState', { value, configurable: true })
  document.dispatchEvent(new Event('visibilitychange'))
}

describe('onPageHide', () => {
  it('fires once for pagehide plus visibilitychange, re-arms when visible again, and unsubscribes', () => {
    const callback = vi.fn()
    const stop = onPageHide(callback)
    setVisibility('hidden')
    dispatchEvent(new Event('pagehide'))
    expect(callback).toHaveBeenCalledTimes(1)
    setVisibility('visible')
    dispatchEvent(new Event('pagehide'))
    expect(callback).toHaveBeenCalledTimes(2)
    setVisibility('visible')
    stop()
    setVisibility('hidden')
    dispatchEvent(new Event('pagehide'))
    expect(callback).toHaveBeenCalledTimes(2)
  })
})
