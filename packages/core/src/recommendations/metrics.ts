import type { Attributes, MeterProvider } from '@opentelemetry/api'
import { globalMeterProvider } from '../dispatcher/otel-api'
import type { FallbackReason, RecommendationSource } from './types'

/** The two runtime operations the client calls. */
export type RuntimeOperation = 'GetRecommendations' | 'GetPersonalizedRanking'

const OPERATIONS: RuntimeOperation[] = ['GetRecommendations', 'GetPersonalizedRanking']
const SOURCES: RecommendationSource[] = ['personalize', 'cache', 'fallback']
const REASONS: FallbackReason[] = ['timeout', 'error', 'overload']

/** OpenTelemetry instruments of one recommendation client. Attribute objects are built once. */
export interface RecommendationMetrics {
  answered(operation: RuntimeOperation, source: RecommendationSource, waitedMs: number): void
  fallback(operation: RuntimeOperation, reason: FallbackReason): void
  coalesced(operation: RuntimeOperation): void
  invalid(operation: RuntimeOperation): void
  call(operation: RuntimeOperation, durationMs: number, outcome: 'success' | 'error'): void
}

const NO_METRICS: RecommendationMetrics = {
  answered() {},
  fallback() {},
  coalesced() {},
  invalid() {},
  call() {},
}

/**
 * Creates the client's instruments on `provider` (default: the global provider, a no-op until an OpenTelemetry
 * SDK registers).
 */
export function createRecommendationMetrics(
  provider: MeterProvider | undefined,
  observe: () => { inFlight: number; cacheSize: number },
): RecommendationMetrics {
  // @opentelemetry/api is an optional peer dependency: without it (and no provider given) nothing is recorded.
  const meterProvider = provider ?? globalMeterProvider()
  if (meterProvider === undefined) return NO_METRICS
  const meter = meterProvider.getMeter('@personalize-kit/core')
  const requests = meter.createCounter('personalize_kit.recommendations.requests', {
    description: 'Recommendation requests answered, by operation and source',
    unit: '{request}',
  })
  const duration = meter.createHistogram('personalize_kit.recommendations.duration', {
    description: 'How long a caller waited for its answer, by operation and source',
    unit: 'ms',
  })
  const fallbacks = meter.createCounter('personalize_kit.recommendations.fallbacks', {
    description: 'Requests answered by the fallback, by reason',
    unit: '{request}',
  })
  const coalesced = meter.createCounter('personalize_kit.recommendations.coalesced', {
    description: 'Requests that shared an identical request already waiting on the service',
    unit: '{request}',
  })
  const invalid = meter.createCounter('personalize_kit.recommendations.invalid', {
    description: 'Requests refused by validation',
    unit: '{request}',
  })
  const callDuration = meter.createHistogram('personalize_kit.recommendations.call.duration', {
    description: 'Duration of one Personalize Runtime call',
    unit: 'ms',
  })
  const held = meter.createObservableUpDownCounter('personalize_kit.recommendations.in_flight', {
    description: 'Personalize Runtime calls in flight',
    unit: '{call}',
  })
  const cached = meter.createObservableUpDownCounter('personalize_kit.recommendations.cache.size', {
    description: 'Answers held in the cache',
    unit: '{entry}',
  })
  held.addCallback((result) => result.observe(observe().inFlight))
  cached.addCallback((result) => result.observe(observe().cacheSize))

  const byOperation = new Map<string, Attributes>()
  // One map per attribute: 'error' is both a fallback reason and a call outcome.
  const bySource = new Map<string, Attributes>()
  const byReason = new Map<string, Attributes>()
  const byOutcome = new Map<string, Attributes>()
  for (const operation of OPERATIONS) {
    byOperation.set(operation, { operation })
    for (const source of SOURCES) bySource.set(`${operation}:${source}`, { operation, source })
    for (const reason of REASONS) byReason.set(`${operation}:${reason}`, { operation, reason })
    for (const outcome of ['success', 'error'])
      byOutcome.set(`${operation}:${outcome}`, { operation, outcome })
  }

  return {
    answered: (operation, source, waitedMs) => {
      const attributes = bySource.get(`${operation}:${source}`)
      requests.add(1, attributes)
      duration.record(waitedMs, attributes)
    },
    fallback: (operation, reason) => fallbacks.add(1, byReason.get(`${operation}:${reason}`)),
    coalesced: (operation) => coalesced.add(1, byOperation.get(operation)),
    invalid: (operation) => invalid.add(1, byOperation.get(operation)),
    call: (operation, durationMs, outcome) =>
      callDuration.record(durationMs, byOutcome.get(`${operation}:${outcome}`)),
  }
}
