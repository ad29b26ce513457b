import { NextRequest } from 'next/server.js'
import { describe, expect, it } from 'vitest'
import { sessionProxy } from './session-proxy'

const proxy = sessionProxy()

describe('sessionProxy', () => {
  it('sets the session cookie on a first visit and hands the same id to this request', () => {
    const response = proxy(
      new NextRequest('https://shop.test/products/sku-1', { headers: { cookie: 'theme=dark' } }),
    )

    const setCookie = response.headers.get('set-cookie') ?? ''
    const sessionId = /^pk_sid=([0-9a-f]{32});/.exec(setCookie)?.[1]
    expect(sessionId).toBeDefined()
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/Secure/)
    // Next.js applies these to the request the pages and actions see.
    expect(response.headers.get('x-middleware-request-cookie')).toBe(`theme=dark; pk_sid=${sessionId}`)
  })

  it('marks the cookie Secure behind an HTTPS proxy', () => {
    const response = proxy(
      new NextRequest('http://localhost:3000/', {
        headers: { 'x-forwarded-host': 'shop.example', 'x-forwarded-proto': 'https' },
      }),
    )

    expect(response.headers.get('set-cookie')).toMatch(/; Secure$/)
  })

  it('leaves a visitor with a valid session untouched', () => {
    const cookie = `pk_sid=${'d'.repeat(32)}`
    const response = proxy(new NextRequest('http://shop.test/', { headers: { cookie } }))

    expect(response.headers.get('set-cookie')).toBeNull()
    expect(response.headers.get('x-middleware-request-cookie')).toBeNull()
  })

  it('replaces a malformed session cookie instead of passing it on', () => {
    const response = proxy(new NextRequest('http://shop.test/', { headers: { cookie: 'pk_sid=bad;value' } }))

    const forwarded = response.headers.get('x-middleware-request-cookie') ?? ''
    expect(forwarded).toMatch(/^value; pk_sid=[0-9a-f]{32}$|^pk_sid=[0-9a-f]{32}$/)
    expect(forwarded).not.toContain('pk_sid=bad')
  })
})
