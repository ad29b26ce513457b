import type { MeterProvider } from '@opentelemetry/api'
import type { DeadLetterReason, Operation } from '@personalize-kit/core'
import { globalMeterProvider } from './otel-api'

/** Gauges the relay refreshes on its claim/trim cycle (observable callbacks must not wait on Redis). */
export interface RelayGauges {
  backlog: number
  pending: number
  deadLetters: number
  held: number
}

/** The relay's OpenTelemetry instruments (meter `@personalize-kit/redis`). */
export interface RelayMetrics {
  delivered(operation: Operation, count: number): void
  deadLettered(operation: Operation, reason: DeadLetterReason, count: number): void
  claimed(count: number): void
  resent(operation: Operation, count: number): void
  rateWait(operation: Operation, ms: number): void
  call(operation: Operation, size: number, ms: number, outcome: 'success' | 'error'): void
}

const NO_METRICS: RelayMetrics = {
  delivered() {},
  deadLettered() {},
  claimed() {},
  resent() {},
  rateWait() {},
  call() {},
}

/** Creates the instruments; `gauges` is read whenever a reader collects. */
export function createRelayMetrics(
  provider: MeterProvider | undefined,
  gauges: () => RelayGauges,
): RelayMetrics {
  const resolved = provider ?? globalMeterProvider()
  if (resolved === undefined) return NO_METRICS
  const meter = resolved.getMeter('@personalize-kit/redis')
  const delivered = meter.createCounter('personalize_kit.relay.records.delivered', {
    description: 'Records the service accepted through this relay',
    unit: '{record}',
  })
  const dead = meter.createCounter('personalize_kit.relay.records.dead_lettered', {
    description: 'Records moved to <stream>:dead, by reason',
    unit: '{record}',
  })
  const claims = meter.createCounter('personalize_kit.relay.entries.claimed', {
    description: 'Entries claimed from relays that stopped (XAUTOCLAIM)',
    unit: '{entry}',
  })
  const resends = meter.createCounter('personalize_kit.relay.records.resent', {
    description: 'Records sent again after a relay stopped before acknowledging them (same eventIds)',
    unit: '{record}',
  })
  const waits = meter.createHistogram('personalize_kit.relay.rate.wait', {
    description: 'Time a call waited for the shared rate',
    unit: 'ms',
  })
  const duration = meter.createHistogram('personalize_kit.relay.call.duration', {
    description: 'Duration of one Personalize Events call',
    unit: 'ms',
  })
  const backlog = meter.createObservableGauge('personalize_kit.relay.backlog', {
    description: 'Records in the stream not yet delivered or dead-lettered (all relays)',
    unit: '{record}',
  })
  const pending = meter.createObservableGauge('personalize_kit.relay.pending', {
    description: 'Entries read by a relay and not yet acknowledged (all relays)',
    unit: '{entry}',
  })
  const deadLetters = meter.createObservableGauge('personalize_kit.relay.dead_letters', {
    description: 'Entries in <stream>:dead',
    unit: '{entry}',
  })
  const held = meter.createObservableGauge('personalize_kit.relay.records.held', {
    description: 'Records this relay holds',
    unit: '{record}',
  })
  meter.addBatchObservableCallback(
    (result) => {
      const g = gauges()
      result.observe(backlog, g.backlog)
      result.observe(pending, g.pending)
      result.observe(deadLetters, g.deadLetters)
      result.observe(held, g.held)
    },
    [backlog, pending, deadLetters, held],
  )
  return {
    delivered: (operation, count) => delivered.add(count, { operation }),
    deadLettered: (operation, reason, count) => dead.add(count, { operation, reason }),
    claimed: (count) => claims.add(count),
    resent: (operation, count) => resends.add(count, { operation }),
    rateWait: (operation, ms) => waits.record(ms, { operation }),
    call: (operation, size, ms, outcome) => duration.record(ms, { operation, outcome, size }),
  }
}
