import { SHAPES, SIGNING_NAME } from './constraints.generated'
import { createFaultEngine } from './fault-engine'
import { operationsByUri } from './operations'
import { createQuotaLimiter } from './quota-limiter'
import { createRecordLogFile } from './record-log-file'
import { createRecordStore } from './record-store'
import { createRequestLog } from './request-log'
import { createResourceRegistry } from './resource-registry'
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
    store: createRecordStore(),
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
  if (recordFile) {
    const { records, raw, skipped } = recordFile.load()
    for (const r of records) state.store.restore(r)
    for (const [requestId, body] of raw) state.store.addRaw(requestId, body)
    state.replayed = records.length
    if (skipped > 0) state.log(`skipped ${skipped} unreadable line(s) in ${options.data} (a torn write?)`)
  }
  return state
}

export type EmulatorState = ReturnType<typeof createEmulatorState>
