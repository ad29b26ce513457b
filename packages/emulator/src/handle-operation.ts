import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { performance } from 'node:perf_hooks'
import type { EmulatorState } from './emulator-state'
import { extractRecords, lintRecords } from './extract-records'
import { matchOperation, type OperationInfo } from './operations'
import { redactHeaders } from './redact-headers'
import { sendError, sendJsonSuccess, sendSuccess } from './respond'
import type { RuntimeOperationInfo } from './runtime/runtime-state'
import { serveRuntime } from './runtime/serve-runtime'
import { errors, ServiceError } from './service-error'
import { browserRefusal } from './service-guard/browser-refusal'
import { SIGNATURE_ERROR_CODES } from './sigv4-verifier'
import type { ActiveFaultRule, Outcome, RequestLogEntry, SignatureVerdict, Violation } from './types'
import { formatViolations } from './validate'

const LOG_BODY_CAP = 64 * 1024
const DRAIN_CAP_FACTOR = 16

interface CallContext {
  req: IncomingMessage
  res: ServerResponse
  requestId: string
  receivedAt: number
  started: number
  path: string
  op?: OperationInfo | RuntimeOperationInfo
  body: Buffer
  /** The body decoded as UTF-8, once it was (parsed, stored and logged from the same string). */
  text?: string
  signature?: SignatureVerdict
  violations?: Violation[]
  warnings?: string[]
  fault?: string
  recordCount: number
  parsed?: Record<string, unknown>
}

function finish(
  state: EmulatorState,
  ctx: CallContext,
  status: number,
  outcome: Outcome,
  error?: ServiceError,
) {
  const durationMs = performance.now() - ctx.started
  const h = ctx.req.headers
  const entry: RequestLogEntry = {
    id: state.requestLog.nextId(),
    requestId: ctx.requestId,
    receivedAt: ctx.receivedAt,
    method: ctx.req.method ?? 'GET',
    path: ctx.path,
    operation: ctx.op?.name,
    status,
    outcome,
    recordCount: ctx.recordCount,
    durationMs: Math.round(durationMs * 1000) / 1000,
    headers: redactHeaders(h),
    body:
      ctx.body.length > LOG_BODY_CAP
        ? `${ctx.body.subarray(0, LOG_BODY_CAP).toString('utf8')}…`
        : (ctx.text ?? ctx.body.toString('utf8')),
  }
  if (error) {
    entry.errorCode = error.code
    entry.errorMessage = error.message
  }
  if (ctx.violations && ctx.violations.length > 0) entry.violations = ctx.violations
  if (ctx.warnings && ctx.warnings.length > 0) entry.warnings = ctx.warnings
  if (ctx.signature) entry.signature = ctx.signature
  if (ctx.fault) entry.fault = ctx.fault
  if (typeof h['amz-sdk-invocation-id'] === 'string') entry.invocationId = h['amz-sdk-invocation-id']
  if (typeof h['amz-sdk-request'] === 'string') entry.attempt = h['amz-sdk-request']
  if (typeof h['user-agent'] === 'string') entry.userAgent = h['user-agent']
  const p = ctx.parsed
  if (p) {
    if (typeof p.trackingId === 'string') entry.trackingId = p.trackingId
    if (typeof p.sessionId === 'string') entry.sessionId = p.sessionId
    if (typeof p.userId === 'string') entry.userId = p.userId
  }
  state.requestLog.push(entry)
  state.options.onRequest?.(entry)
  state.stats.record(ctx.op?.name, outcome, durationMs, error?.code)
  state.sse.broadcast('request', () => {
    const { headers: _h, body: _b, ...summary } = entry
    return summary
  })
}

function fail(state: EmulatorState, ctx: CallContext, error: ServiceError) {
  sendError(ctx.res, ctx.requestId, error)
  finish(state, ctx, error.status, error.outcome, error)
}

function applyFault(state: EmulatorState, ctx: CallContext, rule: ActiveFaultRule) {
  ctx.fault = rule.kind
  switch (rule.kind) {
    case 'throttle':
      return fail(state, ctx, errors.throttling())
    case 'error500':
      return fail(state, ctx, errors.internalFailure())
    case 'error503':
      return fail(state, ctx, errors.serviceUnavailable())
    case 'malformed': {
      const html = '<html><body><h1>502 Bad Gateway</h1></body></html>'
      ctx.res.writeHead(502, { 'content-type': 'text/html', 'x-amzn-RequestId': ctx.requestId })
      ctx.res.end(html)
      return finish(state, ctx, 502, 'fault')
    }
    case 'reset':
      ctx.req.socket.destroy()
      return finish(state, ctx, 0, 'fault')
    case 'hang':
      // Never answered: the client's timeout (or stop()) ends it.
      return finish(state, ctx, 0, 'fault')
    case 'latency':
      return
  }
}

function serveRuntimeCall(
  state: EmulatorState,
  ctx: CallContext,
  op: RuntimeOperationInfo,
  body: Record<string, unknown>,
) {
  const result = serveRuntime(state.runtime, op.name, body)
  if (!result.ok) return fail(state, ctx, result.error)
  if (state.recordFile) {
    try {
      state.recordFile.appendRecommendation(result.issued)
    } catch (e) {
      state.runtime.log.forget(result.issued.recommendationId)
      state.log(
        `could not write to ${state.options.data}: ${(e as Error).message}; the call was answered 500`,
      )
      return fail(state, ctx, errors.internalFailure())
    }
  }
  ctx.recordCount = result.issued.items.length
  sendJsonSuccess(ctx.res, ctx.requestId, result.body)
  finish(state, ctx, 200, 'ok')
  if (state.sse.size > 0) state.sse.broadcast('recommendation', () => result.issued)
}

function process(state: EmulatorState, ctx: CallContext, op: OperationInfo | RuntimeOperationInfo) {
  let body: unknown
  // Decoded once: the same text is parsed and kept as the call's raw body.
  const text = ctx.body.length === 0 ? '' : ctx.body.toString('utf8')
  ctx.text = text
  if (text === '') body = {}
  else {
    try {
      body = JSON.parse(text)
    } catch (e) {
      return fail(
        state,
        ctx,
        errors.serialization(`Unable to parse the request body as JSON: ${(e as Error).message}`),
      )
    }
  }
  if (body !== null && typeof body === 'object' && !Array.isArray(body))
    ctx.parsed = body as Record<string, unknown>
  const result = 'runtime' in op ? state.runtime.validate(op.input, body) : state.validate(op.input, body)
  if (result.serialization.length > 0) {
    ctx.violations = result.serialization.concat(result.constraints)
    return fail(state, ctx, errors.serialization(result.serialization.map((v) => v.message).join('; ')))
  }
  if (result.constraints.length > 0) {
    ctx.violations = result.constraints
    return fail(state, ctx, errors.invalidInput(formatViolations(result.constraints)))
  }
  const parsed = body as Record<string, unknown>
  if ('runtime' in op) return serveRuntimeCall(state, ctx, op, parsed)
  const resourceError = state.checkResources(op, parsed)
  if (resourceError) return fail(state, ctx, resourceError)

  const prepared = state.store.prepare(extractRecords(op, parsed, ctx.requestId, ctx.receivedAt))
  const raw = text
  // The file first: if it cannot be written, memory stays as it was and the client's retry is not a duplicate.
  if (state.recordFile) {
    try {
      state.recordFile.append(ctx.requestId, raw, prepared.records)
    } catch (e) {
      state.log(
        `could not write to ${state.options.data}: ${(e as Error).message}; the call was answered 500`,
      )
      return fail(state, ctx, errors.internalFailure())
    }
  }
  state.store.addRaw(ctx.requestId, raw)
  const stored = state.store.commit(prepared)
  ctx.recordCount = stored.length
  const warnings = lintRecords(stored)
  if (warnings.length > 0) ctx.warnings = warnings
  sendSuccess(ctx.res, ctx.requestId)
  finish(state, ctx, 200, 'ok')
  if (state.sse.size > 0) state.sse.broadcast('records', () => stored)
}

function afterBody(state: EmulatorState, ctx: CallContext, op: OperationInfo | RuntimeOperationInfo) {
  const browser = browserRefusal(ctx.req.headers)
  if (browser) return fail(state, ctx, errors.accessDenied(browser))
  if (state.signature !== 'off') {
    const verdict = state.verify({
      method: ctx.req.method ?? 'POST',
      url: ctx.req.url ?? '/',
      headers: ctx.req.headers,
      body: ctx.body,
    })
    ctx.signature = verdict
    const key = verdict.accessKeyId
    if (
      key &&
      (key.startsWith('AKIA') || key.startsWith('ASIA')) &&
      !state.warnedSignatures.has('real-key')
    ) {
      state.warnedSignatures.add('real-key')
      state.log(
        `a real-looking AWS access key (${key.slice(0, 4)}…) signed a call to the emulator; use dummy credentials such as test/test locally`,
      )
    }
    if (
      state.signature === 'warn' &&
      verdict.status !== 'valid' &&
      !state.warnedSignatures.has(verdict.status)
    ) {
      state.warnedSignatures.add(verdict.status)
      state.log(
        `SigV4 ${verdict.status}: ${verdict.message} (warn mode serves the call anyway; strict mode would reject it. Logged once per kind.)`,
      )
    }
    if (state.signature === 'strict' && verdict.status !== 'valid' && verdict.status !== 'skipped') {
      return fail(
        state,
        ctx,
        errors.auth(SIGNATURE_ERROR_CODES[verdict.status], verdict.message ?? verdict.status),
      )
    }
  }
  const contentType = ctx.req.headers['content-type']
  if (
    contentType !== undefined &&
    !/^application\/(x-amz-)?json(\s*;|$)|^application\/x-amz-json-1\.[01](\s*;|$)/i.test(contentType)
  ) {
    return fail(state, ctx, errors.unsupportedMediaType(contentType))
  }
  if (!state.quotas.take(op.name)) {
    return fail(
      state,
      ctx,
      errors.throttling(`Rate exceeded: the emulator's quota for ${op.name} is exhausted`),
    )
  }
  const decision = state.faults.decide(op.name)
  const next = () => {
    if (decision.fault) return applyFault(state, ctx, decision.fault)
    process(state, ctx, op)
  }
  if (decision.latencyMs > 0) {
    ctx.fault = 'latency'
    setTimeout(next, decision.latencyMs)
  } else next()
}

/**
 * The data-plane pipeline for one call: route → read body (size cap) → SigV4 → media type → quota → faults →
 * parse → validate → resources → store. Every exit answers the AWS way and lands in the request log.
 * @internal
 */
export function handleOperation(state: EmulatorState, req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '/'
  const q = url.indexOf('?')
  const path = q < 0 ? url : url.slice(0, q)
  const ctx: CallContext = {
    req,
    res,
    requestId: randomUUID(),
    receivedAt: Date.now(),
    started: performance.now(),
    path,
    body: Buffer.alloc(0),
    recordCount: 0,
  }
  const op = matchOperation(state.operations, path) ?? matchOperation(state.runtime.operations, path)
  if (op && req.method === op.method) ctx.op = op
  const chunks: Buffer[] = []
  let size = 0
  let overLimit = false
  const tooLarge = () => {
    ctx.body = Buffer.concat(chunks)
    chunks.length = 0
    fail(state, ctx, errors.tooLarge(state.maxBodyBytes))
  }
  req.on('data', (chunk: Buffer) => {
    size += chunk.length
    if (size <= state.maxBodyBytes) {
      chunks.push(chunk)
      return
    }
    if (!overLimit) {
      overLimit = true
      // Keep what fits, for the log; drop the rest.
      chunks.push(chunk.subarray(0, Math.max(0, chunk.length - (size - state.maxBodyBytes))))
    }
    // TRICKY: answering before the upload ends makes many clients see ECONNRESET instead of the 413, so we drain
    // and answer at the end; only an absurdly large body is cut off.
    if (size > state.maxBodyBytes * DRAIN_CAP_FACTOR && !res.headersSent) {
      res.setHeader('connection', 'close')
      tooLarge()
      req.destroy()
    }
  })
  req.on('end', () => {
    if (overLimit) {
      if (!res.headersSent) tooLarge()
      return
    }
    ctx.body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)
    try {
      if (!ctx.op) return fail(state, ctx, errors.unknownOperation(req.method ?? 'GET', path))
      afterBody(state, ctx, ctx.op)
    } catch (e) {
      if (!res.headersSent) {
        const error = e instanceof ServiceError ? e : errors.internalFailure()
        if (!(e instanceof ServiceError)) console.error('[@personalize-kit/emulator] internal error', e)
        fail(state, ctx, error)
      }
    }
  })
  req.on('error', () => {
    // Client went away mid-body; nothing to answer.
  })
}
