// Symbol.for, not a module-local symbol: the `.` and `./node` entries are bundled separately, and each bundle
// (ESM and CJS) must see the same key.
const CLIENT_ADDRESS = Symbol.for('@personalize-kit/core.clientAddress')

interface ClientAddressCarrier {
  [CLIENT_ADDRESS]?: string
}

/**
 * Tells `createCollector` which client address a request came from, for its per-address rate limit. Adapters
 * set it from what the framework already decided: Express's `req.ip` (which follows the app's `trust proxy`
 * setting), or the socket's remote address. `toWebRequest` from `@personalize-kit/core/node` does this for you.
 * Never pass a raw `X-Forwarded-For` value unless a proxy you control sets it: any client can send one. Returns
 * the same request.
 *
 * @example
 * ```ts
 * import { withClientAddress } from '@personalize-kit/core'
 *
 * const response = await collector(withClientAddress(new Request(url, init), req.socket.remoteAddress))
 * ```
 */
export function withClientAddress(request: Request, address: string | undefined): Request {
  if (address) Object.defineProperty(request, CLIENT_ADDRESS, { value: address, enumerable: false })
  return request
}

/** @internal The address attached by {@link withClientAddress}, if any. */
export function clientAddressOf(request: Request): string | undefined {
  return (request as Request & ClientAddressCarrier)[CLIENT_ADDRESS]
}
