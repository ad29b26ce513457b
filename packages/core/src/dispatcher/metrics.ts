import {
  type Attributes,
  type Counter,
  type Histogram,
  type MeterProvider,
  metrics,
} from '@opentelemetry/api'
import type { DeadLetterReason, Operation } from '../types'

const OPERATIONS: Operation[] = ['PutEvents', 'PutItems', 'PutUsers', 'PutActions', 'PutActionInteractions']

/** OpenTelemetry instruments of one dispatcher. Attribute objects are built once so recording allocates nothing. */
export interface DispatcherMetrics {
  delivered(operation: Operation, count: number): void
  retried(operation: Operation, count: number): void
  deadLettered(operation: Operation, reason: DeadLetterReason, count: number): void
  call(operation: Operation, batchSize: number, durationMs: number, outcome: 'success' | 'error'): void
}

/**
 * Creates the dispatcher's instruments on `provider` (default: the global provider, which is a no-op until an
 * OpenTelemetry SDK registers, so the calls cost a function call each).
 */
export function createDispatcherMetrics(
  provider: MeterProvider | undefined,
  observe: () => { queued: number; inFlight: number; acceptedByOperation: Record<Operation, number> },
): DispatcherMetrics {
  const meter = (provider ?? metrics).getMeter('@personalize-kit/core')
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
    description: 'Duration of one Personalize Events call',
    unit: 'ms',
  })
  const held = meter.createObservableUpDownCounter('personalize_kit.records.held', {
    description: 'Records queued or in flight',
    unit: '{record}',
  })
  held.addCallback((result) => {
    const snapshot = observe()
    result.observe(snapshot.queued, { state: 'queued' })
    result.observe(snapshot.inFlight, { state: 'in_flight' })
  })

  const byOperation = new Map<Operation, Attributes>()
  const byOutcome = new Map<string, Attributes>()
  const byReason = new Map<string, Attributes>()
  for (const operation of OPERATIONS) {
    byOperation.set(operation, { operation })
    for (const outcome of ['success', 'error'])
      byOutcome.set(`${operation}:${outcome}`, { operation, outcome })
  }
  const reasonAttributes = (operation: Operation, reason: DeadLetterReason): Attributes => {
    const key = `${operation}:${reason}`
    let attributes = byReason.get(key)
    if (attributes === undefined) {
      attributes = { operation, reason }
      byReason.set(key, attributes)
    }
    return attributes
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
    deadLettered: (operation, reason, count) => deadLettered.add(count, reasonAttributes(operation, reason)),
    call: (operation, size, durationMs, outcome) => {
      batchSize.record(size, byOperation.get(operation))
      callDuration.record(durationMs, byOutcome.get(`${operation}:${outcome}`))
    },
  }
}
