import type { AttributionReport } from './attribution/compute-attribution'
import type {
  IssuedRecommendation,
  RuntimeFilter,
  RuntimeOperation,
  RuntimeOptions,
  RuntimeResource,
} from './runtime/runtime-types'

/**
 * The five Personalize Events operations the emulator serves.
 * @example
 * ```ts
 * const items = emulator.records({ operation: 'PutItems' satisfies Operation })
 * ```
 */
export type Operation = 'PutEvents' | 'PutItems' | 'PutUsers' | 'PutActions' | 'PutActionInteractions'

/**
 * Any operation the emulator serves: the five events operations and the three runtime ones.
 * @example
 * ```ts
 * emulator.faults.add({ kind: 'hang', operation: 'GetRecommendations' satisfies ServiceOperation })
 * ```
 */
export type ServiceOperation = Operation | RuntimeOperation

/**
 * How the emulator treats SigV4 signatures: ignore them, verify and record (default), or reject bad ones.
 * @example
 * ```ts
 * await startEmulator({ signature: 'strict', credentials: { AKIDEXAMPLE: 'secret' } })
 * ```
 */
export type SignatureMode = 'off' | 'warn' | 'strict'

/**
 * A fault the emulator injects instead of (or, for `latency`, before) serving a matching call.
 * @example
 * ```ts
 * emulator.faults.add({ kind: 'error503', operation: 'PutEvents', count: 2 }) // the next two PutEvents fail
 * emulator.faults.add({ kind: 'throttle', probability: 0.1 })               // 10 % of all calls, seeded
 * ```
 */
export interface FaultRule {
  /** Operation to match (events or runtime); `'*'` or absent matches all eight. */
  operation?: ServiceOperation | '*'
  /**
   * `throttle`: 400 ThrottlingException; `error500`: 500 InternalFailure; `error503`: 503 ServiceUnavailable;
   * `latency`: delay by `latencyMs`, then serve normally; `reset`: destroy the socket; `hang`: never answer;
   * `malformed`: 502 with an HTML body the SDK cannot parse.
   */
  kind: 'throttle' | 'error500' | 'error503' | 'latency' | 'reset' | 'hang' | 'malformed'
  /** Chance (0..1) that a matching call is hit, drawn from the seeded PRNG. */
  probability?: number
  /** Hit the next N matching calls, then stop matching. */
  count?: number
  /** Added delay for `latency` faults (default 1000 ms). */
  latencyMs?: number
}

/**
 * A fault rule as the emulator holds it: with an id, what is left of its count, and how often it fired.
 * @example
 * ```ts
 * const rule = emulator.faults.add({ kind: 'reset', count: 1 })
 * emulator.faults.remove(rule.id)
 * ```
 */
export interface ActiveFaultRule extends FaultRule {
  id: string
  hits: number
  remaining?: number
}

/**
 * One accepted record (event, item, user, action or action interaction).
 * @example
 * ```ts
 * const [first] = emulator.records({ sessionId: 's1' })
 * first?.data.properties // the JSON string as sent
 * ```
 */
export interface StoredRecord {
  seq: number
  requestId: string
  operation: Operation
  trackingId?: string
  datasetArn?: string
  sessionId?: string
  userId?: string
  eventType?: string
  eventId?: string
  itemId?: string
  actionId?: string
  /** Epoch milliseconds when the emulator accepted the request. */
  receivedAt: number
  /** The event/item/user/action as sent on the wire. */
  data: Record<string, unknown>
  /** True when an earlier record on the same tracker used this eventId: Personalize ignores it for training. */
  duplicateEventId: boolean
}

/**
 * Filter for {@link Emulator.records}; every given field must match. `since` is epoch ms (inclusive).
 * @example
 * ```ts
 * emulator.records({ eventType: 'purchase', since: Date.now() - 60_000 })
 * ```
 */
export interface RecordFilter {
  operation?: Operation
  trackingId?: string
  datasetArn?: string
  sessionId?: string
  userId?: string
  eventType?: string
  eventId?: string
  itemId?: string
  since?: number
  requestId?: string
}

/**
 * One constraint or type violation, with its path in AWS dialect and as a JSON pointer.
 * @example
 * ```ts
 * emulator.requests().at(-1)?.violations?.map((v) => v.pointer) // ['/eventList/0/sentAt']
 * ```
 */
export interface Violation {
  /** AWS (Coral) path, e.g. `eventList.1.member.eventType` (1-based list indexes). */
  path: string
  /** JSON pointer, e.g. `/eventList/0/eventType`. */
  pointer: string
  message: string
}

/**
 * Outcome of a call, as grouped in stats and the inspector.
 * @example
 * ```ts
 * emulator.requests().filter((r) => r.outcome === 'invalid')
 * ```
 */
export type Outcome = 'ok' | 'invalid' | 'auth' | 'throttled' | 'fault' | 'not-found' | 'error'

/**
 * What the SigV4 check found. `skipped` in `off` mode.
 * @example
 * ```ts
 * expect(emulator.requests()[0]?.signature?.status).toBe('valid')
 * ```
 */
export interface SignatureVerdict {
  status:
    | 'valid'
    | 'missing'
    | 'malformed'
    | 'unknown-key'
    | 'mismatch'
    | 'expired'
    | 'wrong-scope'
    | 'skipped'
  accessKeyId?: string
  region?: string
  message?: string
}

/**
 * One entry of the request log (a ring buffer), shown in the inspector and returned by `/_emulator/requests`.
 * @example
 * ```ts
 * const failed = emulator.requests().filter((r) => r.status !== 200).map((r) => r.errorCode)
 * ```
 */
export interface RequestLogEntry {
  id: number
  requestId: string
  receivedAt: number
  method: string
  path: string
  operation?: ServiceOperation
  status: number
  outcome: Outcome
  errorCode?: string
  errorMessage?: string
  violations?: Violation[]
  warnings?: string[]
  signature?: SignatureVerdict
  fault?: string
  recordCount: number
  durationMs: number
  invocationId?: string
  attempt?: string
  userAgent?: string
  /** Request headers with `authorization` signatures and security tokens redacted. */
  headers: Record<string, string>
  /** The raw body (capped at 64 KiB). */
  body: string
  trackingId?: string
  sessionId?: string
  userId?: string
}

/**
 * A dataset known to the optional resource registry.
 * @example
 * ```ts
 * const pending: DatasetResource = { arn: 'arn:aws:personalize:us-east-1:1:dataset/x/ITEMS', status: 'CREATE_PENDING' }
 * ```
 */
export interface DatasetResource {
  arn: string
  /** Anything other than ACTIVE answers ResourceInUseException. */
  status?: 'ACTIVE' | 'CREATE_PENDING' | 'CREATE_IN_PROGRESS' | 'DELETE_PENDING'
  /** Inferred from the ARN suffix (`/ITEMS`, `/USERS`, `/ACTIONS`) when absent. */
  type?: 'ITEMS' | 'USERS' | 'ACTIONS' | 'INTERACTIONS' | 'ACTION_INTERACTIONS'
}

/**
 * Optional resource registry. When given, unknown tracking ids and dataset ARNs are rejected.
 * @example
 * ```ts
 * await startEmulator({ resources: { trackingIds: ['t1'], datasets: [{ arn: itemsArn }] } })
 * ```
 */
export interface ResourceRegistry {
  trackingIds?: Array<string | { id: string; status?: DatasetResource['status'] }>
  datasets?: DatasetResource[]
}

/**
 * Options for `startEmulator`.
 * @example
 * ```ts
 * await startEmulator({ port: 0, seed: 42, data: '.personalize/records.jsonl', quotas: { PutItems: 10 } })
 * ```
 */
export interface EmulatorOptions {
  /** Port to listen on; 0 picks a free one. Default 4599. */
  port?: number
  /** Interface to bind. Default `127.0.0.1` (never other interfaces unless asked). */
  host?: string
  /** SigV4 mode. Default `warn`. */
  signature?: SignatureMode
  /** Access key id → secret access key used to verify signatures. Default `{ test: 'test' }`. */
  credentials?: Record<string, string>
  /** Only accept signatures scoped to this region (any region when absent). */
  region?: string
  /** Seed of the PRNG behind probabilistic faults (repeatable runs). */
  seed?: number
  /** Append-only JSON-lines file: records persist there and are replayed on start. */
  data?: string
  /**
   * Most records held in memory (default 1,000,000); beyond it the oldest are evicted and counted (`evicted` in
   * stats, health and the inspector). The `data` file keeps everything.
   */
  maxRecords?: number
  /** Fault rules active from the start (restored by `reset()`). */
  faults?: FaultRule[]
  /** Calls per second per operation; excess calls get ThrottlingException. */
  quotas?: Partial<Record<ServiceOperation, number>>
  /** Personalize Runtime: extra campaigns, recommenders and filters, or `defaults: false` to drop the demo set. */
  runtime?: RuntimeOptions
  /** Resource registry; off (any id accepted) when absent. */
  resources?: ResourceRegistry
  /** Largest accepted request body in bytes (413 above). Default 1 MiB. */
  maxBodyBytes?: number
  /** Size of the request-log ring buffer. Default 1000. */
  requestLogSize?: number
  /** Do not log warnings (signature problems in warn mode, unreadable lines in the data file) to the console. */
  quiet?: boolean
  /** Called after every data-plane call with its request-log entry (the CLI prints these). */
  onRequest?: (entry: RequestLogEntry) => void
}

/**
 * A running emulator.
 * @example
 * ```ts
 * const emulator: Emulator = await startEmulator({ port: 0 })
 * await emulator.stop()
 * ```
 */
export interface Emulator {
  /** Base URL, e.g. `http://127.0.0.1:4599`: pass it as the SDK's `endpoint`. */
  url: string
  port: number
  /** Accepted records, oldest first. */
  records(filter?: RecordFilter): StoredRecord[]
  /** The request log, oldest first. */
  requests(): RequestLogEntry[]
  /** The raw JSON body of an accepted call (kept for every stored record, persisted with `data`). */
  rawRequest(requestId: string): string | undefined
  /** Resolves with all records once `predicate` holds; rejects after `timeoutMs` (default 5000). */
  waitFor(predicate: (records: StoredRecord[]) => boolean, timeoutMs?: number): Promise<StoredRecord[]>
  faults: {
    add(rule: FaultRule): ActiveFaultRule
    remove(id: string): boolean
    list(): ActiveFaultRule[]
    clear(): void
  }
  /** Events with a recommendationId joined to what was recommended, per campaign or recommender. */
  attribution(): AttributionReport
  /** Every runtime answer the emulator remembers, oldest first. */
  recommendations(): IssuedRecommendation[]
  /** Personalize Runtime resources: register campaigns, recommenders and filters at run time. */
  runtime: {
    addResource(resource: RuntimeResource): void
    addFilter(filter: RuntimeFilter): void
    list(): { resources: RuntimeResource[]; filters: RuntimeFilter[] }
  }
  /** Forget records, requests, stats and runtime faults (startup faults come back with fresh counters). */
  reset(): void
  /** Close the server, ending hung and streaming connections. */
  stop(): Promise<void>
}
