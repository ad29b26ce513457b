import { SHAPES, SIGNING_NAME } from './constraints.generated'
import { createFaultEngine } from './fault-engine'
import { operationsByUri } from './operations'
import { createQuotaLimiter } from './quota-limiter'
import { createRecordLogFile } from './record-log-file'
import { createRecordStore } from './record-store'
import { createRequestLog } from './request-log'
import { createResourceRegistry } from './resource-registry'
import { createRuntimeState } from './runtime/runtime-state'
import { createSigV4Verifier } from './sigv4-verifier'
import { createSseHub } from './sse-hub'
import { createStats } from './stats'
import type { EmulatorOptions, SignatureMode } from './types'
import { createValidator } from './validate'

/**
 * Default credentials accepted by signature checks (the LocalStack convention).
 * @example
 * ```ts
 * new PersonalizeEventsClient({ endpoint: emulator.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: DEFAULT_CREDENTIALS.test! } })
 * ```
 */
export const DEFAULT_CREDENTIALS: Readonly<Record<string, string>> = { test: 'test' }

/** Everything one emulator instance holds; no module-scope state. @internal */
export function createEmulatorState(options: EmulatorOptions) {
  const maxRecords = options.maxRecords ?? 1_000_000
  if (!Number.isInteger(maxRecords) || maxRecords < 1) {
    throw new RangeError(
      `[@personalize-kit/emulator] maxRecords must be an integer >= 1, got ${String(options.maxRecords)}`,
    )
  }
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32)
  const recordFile = options.data ? createRecordLogFile(options.data) : undefined
  const state = {
    options,
    seed,
    signature: (options.signature ?? 'warn') as SignatureMode,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    operations: operationsByUri(),
    validate: createValidator(SHAPES),
    verify: createSigV4Verifier({
      credentials: options.credentials ?? DEFAULT_CREDENTIALS,
      service: SIGNING_NAME,
      region: options.region,
    }),
    faults: createFaultEngine(seed, options.faults ?? []),
    quotas: createQuotaLimiter(options.quotas ?? {}),
    checkResources: createResourceRegistry(options.resources),
    store: createRecordStore(maxRecords),
    runtime: createRuntimeState(options.runtime, seed),
    requestLog: createRequestLog(options.requestLogSize ?? 1000),
    stats: createStats(),
    sse: createSseHub(),
    recordFile,
    startedAt: Date.now(),
    replayed: 0,
    /** Signature problems already reported in warn mode (each kind is logged once, not per call). */
    warnedSignatures: new Set<string>(),
    log: (message: string) => {
      if (!options.quiet) console.warn(`[@personalize-kit/emulator] ${message}`)
    },
  }
  state.store.listen((records) => {
    for (const r of records) state.runtime.index.ingest(r)
  })
  return state
}

export type EmulatorState = ReturnType<typeof createEmulatorState>

/** Replays the `data` file into the store, streaming it line by line; the store's cap applies. @internal */
export async function replayDataFile(state: EmulatorState): Promise<void> {
  if (!state.recordFile) return
  const { records, skipped } = await state.recordFile.load({
    record: (r) => state.store.restore(r),
    raw: (requestId, body) => state.store.addRaw(requestId, body),
    recommendation: (r) => state.runtime.log.restore(r),
  })
  state.replayed = records
  if (skipped > 0) state.log(`skipped ${skipped} unreadable line(s) in ${state.options.data} (a torn write?)`)
  if (state.store.evicted > 0) {
    state.log(
      `the data file held ${records} records; the oldest ${state.store.evicted} were evicted (maxRecords ${state.store.maxRecords})`,
    )
  }
}
