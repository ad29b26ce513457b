// One simulated browser visit: a cookie jar and the few kinds of request a browser makes to the shops (pages,
// form posts that follow the server's redirects, and the tracker's JSON posts to the collector).
import { randomUUID } from 'node:crypto'

export const COLLECTOR_PATH = '/api/personalize/events'

/** A visitor of the shop at `baseUrl`; every request carries the cookies earlier answers set. */
export function createVisitor(baseUrl, { signal, onRequest = () => {} } = {}) {
  const cookies = new Map()
  const origin = new URL(baseUrl).origin

  const remember = (response) => {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';')
      const eq = pair.indexOf('=')
      if (eq <= 0) continue
      const name = pair.slice(0, eq).trim()
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))
      if (expired) cookies.delete(name)
      else cookies.set(name, pair.slice(eq + 1).trim())
    }
  }
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ')

  /** Sends a request and follows redirects like a browser (a 303 turns into a GET). Returns status and body. */
  async function request(method, path, { body, headers = {} } = {}) {
    let url = new URL(path, baseUrl)
    let init = { method, body, headers }
    for (let hop = 0; hop < 5; hop++) {
      const response = await fetch(url, {
        method: init.method,
        body: init.body,
        headers: { ...init.headers, cookie: cookieHeader(), 'user-agent': 'personalize-kit-demo-shopper' },
        redirect: 'manual',
        signal: AbortSignal.any([signal ?? new AbortController().signal, AbortSignal.timeout(30_000)]),
      })
      onRequest()
      remember(response)
      const location = response.headers.get('location')
      if (response.status >= 300 && response.status < 400 && location) {
        await response.arrayBuffer()
        url = new URL(location, url)
        init = { method: 'GET', headers: {} }
        continue
      }
      const text = await response.text()
      if (response.status >= 400) {
        throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 200)}`)
      }
      return { status: response.status, text, url: url.toString() }
    }
    throw new Error(`${method} ${path}: too many redirects`)
  }

  return {
    cookies,
    get: (path) => request('GET', path),
    /** An HTML form post (`application/x-www-form-urlencoded`), as a browser without JavaScript sends it. */
    postForm: (path, fields) =>
      request('POST', path, {
        body: new URLSearchParams(fields).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      }),
    /** A multipart form post (what React renders for a form whose action is a Server Action). */
    postMultipart(path, fields) {
      const form = new FormData()
      for (const [k, v] of Object.entries(fields)) form.append(k, v)
      return request('POST', path, { body: form, headers: { origin } })
    },
    /**
     * Posts events to the collector like the browser tracker: same-origin JSON, an eventId and sentAt in epoch
     * milliseconds per event. Returns the collector's `{ accepted, rejected }` answer.
     */
    async track(events) {
      const now = Date.now()
      const body = { events: events.map((e) => ({ eventId: randomUUID(), sentAt: now, ...e })) }
      const { text } = await request('POST', COLLECTOR_PATH, {
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', origin, 'sec-fetch-site': 'same-origin' },
      })
      return JSON.parse(text)
    },
  }
}

/**
 * The forms of a server-rendered page with their hidden fields: `{ action, fields, html }`. Next.js renders a form
 * whose action is a Server Action with a hidden `$ACTION_ID_<id>` field, which is what a browser without
 * JavaScript posts back.
 */
export function formsIn(html) {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].map((m) => {
    const action = /\baction="([^"]*)"/.exec(m[1] ?? '')?.[1] ?? ''
    const fields = {}
    for (const input of (m[2] ?? '').matchAll(/<input\b[^>]*>/g)) {
      const tag = input[0]
      if (!/type="hidden"/.test(tag)) continue
      const name = /\bname="([^"]*)"/.exec(tag)?.[1]
      if (name) fields[decodeEntities(name)] = decodeEntities(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '')
    }
    return { action: decodeEntities(action), fields, html: m[0] }
  })
}

function decodeEntities(text) {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&#x27;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')
}
