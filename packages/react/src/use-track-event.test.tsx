import { cleanup, renderHook } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { useTrackEvent } from './use-track-event'

afterEach(() => {
  cleanup()
  vi.unstubAllEnvs()
  vi.unstubAllGlobals()
})

describe('useTrackEvent without a provider', () => {
  it('warns once in development and sends nothing', () => {
    const fetchMock = vi.fn<typeof fetch>()
    vi.stubGlobal('fetch', fetchMock)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { result } = renderHook(() => useTrackEvent())
    expect(result.current({ eventType: 'click' })).toBeUndefined()
    result.current({ eventType: 'click' })
    result.current({ eventType: 'click' })
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0]?.[0]).toMatch(/^\[@personalize-kit\/react\] .*<PersonalizeProvider>/)
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('neither throws nor warns in production', () => {
    vi.stubEnv('NODE_ENV', 'production')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { result } = renderHook(() => useTrackEvent())
    expect(() => result.current({ eventType: 'click' })).not.toThrow()
    expect(warn).not.toHaveBeenCalled()
  })
})
