import type { Attributes, Counter, Histogram, MeterProvider } from '@opentelemetry/api'
import type { DeadLetterReason, Operation } from '../types'
import { globalMeterProvider } from './otel-api'

const OPERATIONS: Operation[] = ['PutEvents', 'PutItems', 'PutUsers', 'PutActions', 'PutActionInteractions']

/** Attribute names: OpenTelemetry's semantic conventions where one exists (`error.type`), namespaced otherwise. */
export const METRIC_ATTRIBUTES = {
  dispatcher: 'dispatcher.name',
  operation: 'personalize_kit.operation',
  reason: 'personalize_kit.dead_letter.reason',
  state: 'personalize_kit.record.state',
  errorType: 'error.type',
} as const

/** Seconds, with buckets from 5 ms to 10 s (the semantic conventions' HTTP duration advice). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10]

/** OpenTelemetry instruments of one dispatcher. Attribute objects are built once so recording allocates nothing. */
export interface DispatcherMetrics {
  delivered(operation: Operation, count: number): void
  retried(operation: Operation, count: number): void
  deadLettered(operation: Operation, reason: DeadLetterReason, count: number): void
  /** A call ended: `error` is undefined on success. */
  call(operation: Operation, batchSize: number, durationMs: number, error: unknown): void
}

const NO_METRICS: DispatcherMetrics = {
  delivered() {},
  retried() {},
  deadLettered() {},
  call() {},
}

/** The `error.type` of a failed call: the service's error name, a network error's code, or `_OTHER`. */
function errorType(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '_OTHER'
  const { name, code } = error as { name?: unknown; code?: unknown }
  if (typeof code === 'string' && (name === 'Error' || name === undefined)) return code
  return typeof name === 'string' && name !== '' && name !== 'Error' ? name : '_OTHER'
}

/**
 * Creates the dispatcher's instruments on `provider` (default: the global provider of `@opentelemetry/api`, a
 * no-op until an SDK registers). Without `@opentelemetry/api` installed, and no provider given, nothing is
 * recorded and each call costs an empty function.
 */
export function createDispatcherMetrics(
  provider: MeterProvider | undefined,
  name: string,
  observe: () => { queued: number; inFlight: number; acceptedByOperation: Record<Operation, number> },
): DispatcherMetrics {
  const meterProvider = provider ?? globalMeterProvider()
  if (meterProvider === undefined) return NO_METRICS
  const meter = meterProvider.getMeter('@personalize-kit/core')
  const A = METRIC_ATTRIBUTES
  // Observed rather than counted per record, so recordEvent pays nothing for it.
  const accepted = meter.createObservableCounter('personalize_kit.records.accepted', {
    description: 'Records that passed validation and entered the dispatcher',
    unit: '{record}',
  })
  const delivered: Counter = meter.createCounter('personalize_kit.records.delivered', {
    description: 'Records the service accepted',
    unit: '{record}',
  })
  const retried: Counter = meter.createCounter('personalize_kit.records.retried', {
    description: 'Records re-sent after a transient error',
    unit: '{record}',
  })
  const deadLettered: Counter = meter.createCounter('personalize_kit.records.dead_lettered', {
    description: 'Records that will never be delivered, by reason',
    unit: '{record}',
  })
  const batchSize: Histogram = meter.createHistogram('personalize_kit.batch.size', {
    description: 'Records per call',
    unit: '{record}',
    advice: { explicitBucketBoundaries: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
  })
  const callDuration: Histogram = meter.createHistogram('personalize_kit.call.duration', {
    description: 'Duration of one Personalize Events call (or transport call)',
    unit: 's',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS },
  })
  const held = meter.createObservableUpDownCounter('personalize_kit.records.held', {
    description: 'Records queued or in flight',
    unit: '{record}',
  })
  const queuedAttributes: Attributes = { [A.dispatcher]: name, [A.state]: 'queued' }
  const inFlightAttributes: Attributes = { [A.dispatcher]: name, [A.state]: 'in_flight' }
  held.addCallback((result) => {
    const snapshot = observe()
    result.observe(snapshot.queued, queuedAttributes)
    result.observe(snapshot.inFlight, inFlightAttributes)
  })

  const byOperation = new Map<Operation, Attributes>()
  for (const operation of OPERATIONS)
    byOperation.set(operation, { [A.dispatcher]: name, [A.operation]: operation })
  // Built on first use: reasons and error types are few, and most never occur.
  const keyed = new Map<string, Attributes>()
  const attributes = (operation: Operation, key: string, extra: string, value: string): Attributes => {
    const id = `${operation}\u0000${key}\u0000${value}`
    let found = keyed.get(id)
    if (found === undefined) {
      found = { ...byOperation.get(operation), [extra]: value }
      keyed.set(id, found)
    }
    return found
  }

  accepted.addCallback((result) => {
    const counts = observe().acceptedByOperation
    for (const operation of OPERATIONS) {
      if (counts[operation] > 0) result.observe(counts[operation], byOperation.get(operation))
    }
  })

  return {
    delivered: (operation, count) => delivered.add(count, byOperation.get(operation)),
    retried: (operation, count) => retried.add(count, byOperation.get(operation)),
    deadLettered: (operation, reason, count) =>
      deadLettered.add(count, attributes(operation, 'reason', A.reason, reason)),
    call: (operation, size, durationMs, error) => {
      const common = byOperation.get(operation)
      batchSize.record(size, common)
      callDuration.record(
        durationMs / 1000,
        error === undefined ? common : attributes(operation, 'error', A.errorType, errorType(error)),
      )
    },
  }
}
