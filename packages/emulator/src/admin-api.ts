import type { IncomingMessage, ServerResponse } from 'node:http'
import { attributionOf } from './attribution/attribution-of'
import { API_VERSION, MODEL_SHA256 } from './constraints.generated'
import type { EmulatorState } from './emulator-state'
import { faultRuleProblem } from './fault-engine'
import { ALL_OPERATIONS } from './operations'
import { readJson } from './read-json'
import { sendJson } from './respond'
import { handleRuntimeAdmin } from './runtime/runtime-admin'
import { RUNTIME_API_VERSION, RUNTIME_MODEL_SHA256 } from './runtime/runtime-constraints.generated'
import { RUNTIME_OPERATION_NAMES } from './runtime/runtime-state'
import type { FaultRule, Operation, RecordFilter } from './types'

/** Path prefix of the admin API; never a Personalize route. */
export const ADMIN_PREFIX = '/_emulator/'

const FILTER_KEYS = [
  'trackingId',
  'datasetArn',
  'sessionId',
  'userId',
  'eventType',
  'eventId',
  'itemId',
  'requestId',
] as const

function parseLimit(v: string | null): number | undefined {
  if (v === null) return undefined
  const n = Number(v)
  return Number.isInteger(n) && n > 0 ? n : undefined
}

/**
 * The admin API under `/_emulator/`: health, records, request log, stats, faults, reset and an SSE stream. It is
 * what the inspector page and non-JS test suites use.
 * @internal
 */
export async function handleAdmin(
  state: EmulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  actions: { reset(): void },
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator')
  const route = url.pathname.slice(ADMIN_PREFIX.length).replace(/\/+$/, '')
  const method = req.method ?? 'GET'
  const q = url.searchParams

  try {
    if (route === 'health' && method === 'GET') {
      return sendJson(res, 200, {
        status: 'ok',
        service: 'personalize-events',
        apiVersion: API_VERSION,
        modelSha256: MODEL_SHA256,
        signature: state.signature,
        seed: state.seed,
        persistence: state.options.data ?? null,
        records: state.store.size,
        evicted: state.store.evicted,
        maxRecords: state.store.maxRecords,
        replayed: state.replayed,
        uptimeMs: Date.now() - state.startedAt,
        operations: ALL_OPERATIONS,
        runtime: {
          apiVersion: RUNTIME_API_VERSION,
          modelSha256: RUNTIME_MODEL_SHA256,
          operations: RUNTIME_OPERATION_NAMES,
          recommendations: state.runtime.log.list().length,
        },
      })
    }
    if (route === 'records' && method === 'GET') {
      const filter: RecordFilter = {}
      for (const k of FILTER_KEYS) {
        const v = q.get(k)
        if (v !== null) filter[k] = v
      }
      const op = q.get('operation')
      if (op !== null) {
        if (!ALL_OPERATIONS.includes(op as Operation)) {
          return sendJson(res, 400, { error: `operation must be one of ${ALL_OPERATIONS.join(', ')}` })
        }
        filter.operation = op as Operation
      }
      const since = q.get('since')
      if (since !== null) {
        const n = /^\d+$/.test(since) ? Number(since) : Date.parse(since)
        if (Number.isNaN(n))
          return sendJson(res, 400, { error: 'since must be epoch milliseconds or an ISO date' })
        filter.since = n
      }
      const records = state.store.query(filter, parseLimit(q.get('limit')))
      return sendJson(res, 200, { count: records.length, records })
    }
    if (route === 'requests' && method === 'GET') {
      let list = state.requestLog.list()
      const outcome = q.get('outcome')
      const operation = q.get('operation')
      if (outcome) list = list.filter((e) => e.outcome === outcome)
      if (operation) list = list.filter((e) => e.operation === operation)
      if (q.get('errors') === 'true') list = list.filter((e) => e.status !== 200)
      const limit = parseLimit(q.get('limit'))
      if (limit !== undefined && list.length > limit) list = list.slice(list.length - limit)
      if (q.get('summary') === 'true') {
        // Without headers and bodies (up to 64 KiB each): what the inspector's table needs.
        return sendJson(res, 200, {
          count: list.length,
          requests: list.map(({ headers: _h, body: _b, ...rest }) => rest),
        })
      }
      return sendJson(res, 200, { count: list.length, requests: list })
    }
    const requestMatch = /^requests\/(\d+)$/.exec(route)
    if (requestMatch && method === 'GET') {
      const entry = state.requestLog.get(Number(requestMatch[1]))
      if (!entry) return sendJson(res, 404, { error: `no request ${requestMatch[1]} in the log` })
      return sendJson(res, 200, {
        request: entry,
        records: state.store.query({ requestId: entry.requestId }),
      })
    }
    const rawMatch = /^raw\/([\w-]+)$/.exec(route)
    if (rawMatch && method === 'GET') {
      const raw = state.store.raw(rawMatch[1] as string)
      if (raw === undefined) return sendJson(res, 404, { error: `no accepted request ${rawMatch[1]}` })
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
      res.end(raw)
      return
    }
    if (route === 'stats' && method === 'GET') {
      return sendJson(
        res,
        200,
        state.stats.snapshot(state.store.size, state.store.evicted, state.store.maxRecords),
      )
    }
    if (route === 'faults') {
      if (method === 'GET') return sendJson(res, 200, { rules: state.faults.list() })
      if (method === 'DELETE') {
        state.faults.clear()
        return sendJson(res, 200, { rules: [] })
      }
      if (method === 'POST') {
        const body = await readJson(req)
        const rules = (Array.isArray(body) ? body : [body]) as FaultRule[]
        for (const [i, r] of rules.entries()) {
          const problem = faultRuleProblem(r)
          if (problem) return sendJson(res, 400, { error: `rule ${i}: ${problem}` })
        }
        const added = rules.map((r) => state.faults.add(r))
        return sendJson(res, 201, { added, rules: state.faults.list() })
      }
    }
    const faultMatch = /^faults\/([\w-]+)$/.exec(route)
    if (faultMatch && method === 'DELETE') {
      const removed = state.faults.remove(faultMatch[1] as string)
      if (!removed) return sendJson(res, 404, { error: `no fault rule ${faultMatch[1]}` })
      return sendJson(res, 200, { rules: state.faults.list() })
    }
    if (route === 'attribution' && method === 'GET') return sendJson(res, 200, attributionOf(state))
    if (route.startsWith('runtime') || route === 'recommendations') {
      const handled = await handleRuntimeAdmin(state, req, res, route, method)
      if (handled) return
    }
    if (route === 'reset' && method === 'POST') {
      actions.reset()
      return sendJson(res, 200, { status: 'reset' })
    }
    if (route === 'stream' && method === 'GET') {
      state.sse.attach(res)
      return
    }
    return sendJson(res, 404, { error: `no admin route ${method} ${url.pathname}` })
  } catch (e) {
    return sendJson(res, 400, { error: (e as Error).message })
  }
}
