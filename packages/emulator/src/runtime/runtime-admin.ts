import type { IncomingMessage, ServerResponse } from 'node:http'
import type { EmulatorState } from '../emulator-state'
import { readJson } from '../read-json'
import { sendJson } from '../respond'
import { createRuntimeRegistry, RuntimeRegistrationError } from './runtime-registry'
import type { RuntimeFilter, RuntimeResource } from './runtime-types'

/**
 * Runtime routes of the admin API: `GET /_emulator/runtime` (resources and filters), `POST
 * /_emulator/runtime/resources` and `POST /_emulator/runtime/filters` (one object or an array; 400 naming the bad
 * field, nothing registered), `GET /_emulator/recommendations` (every remembered answer). Returns false when the
 * route is not one of these.
 * @internal
 */
export async function handleRuntimeAdmin(
  state: EmulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  route: string,
  method: string,
): Promise<boolean> {
  const { registry, log } = state.runtime
  if (route === 'runtime' && method === 'GET') {
    sendJson(res, 200, registry.list())
    return true
  }
  if (route === 'recommendations' && method === 'GET') {
    const all = log.list()
    const limit = Number(new URL(req.url ?? '/', 'http://emulator').searchParams.get('limit'))
    const list =
      Number.isInteger(limit) && limit > 0 && all.length > limit ? all.slice(all.length - limit) : all
    sendJson(res, 200, {
      count: list.length,
      total: all.length,
      forgotten: log.forgotten,
      recommendations: list,
    })
    return true
  }
  const kind = route === 'runtime/resources' ? 'resource' : route === 'runtime/filters' ? 'filter' : undefined
  if (!kind || method !== 'POST') return false
  const body = await readJson(req)
  const list = (Array.isArray(body) ? body : [body]) as unknown[]
  // Check all first, so a bad entry registers nothing.
  const probe = createRuntimeRegistry({ defaults: false })
  try {
    for (const [i, entry] of list.entries()) {
      try {
        if (kind === 'resource') probe.addResource(entry as RuntimeResource)
        else probe.addFilter(entry as RuntimeFilter)
      } catch (e) {
        if (e instanceof RuntimeRegistrationError)
          throw new RuntimeRegistrationError(`${kind} ${i}: ${e.message}`)
        throw e
      }
    }
  } catch (e) {
    if (e instanceof RuntimeRegistrationError) {
      sendJson(res, 400, { error: e.message })
      return true
    }
    throw e
  }
  for (const entry of list) {
    if (kind === 'resource') registry.addResource(entry as RuntimeResource)
    else registry.addFilter(entry as RuntimeFilter)
  }
  sendJson(res, 201, registry.list())
  return true
}
