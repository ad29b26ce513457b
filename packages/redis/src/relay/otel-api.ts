import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { MeterProvider } from '@opentelemetry/api'

const OTEL_API = '@opentelemetry/api'

/**
 * The global meter provider of `@opentelemetry/api`, or `undefined` when it is not installed (an optional peer
 * dependency, as for core): loaded at run time, never imported at load time.
 */
export function globalMeterProvider(): MeterProvider | undefined {
  const here = typeof __filename === 'string' ? __filename : import.meta.url
  for (const base of [here, join(process.cwd(), 'package.json')]) {
    try {
      const api = createRequire(base)(OTEL_API) as { metrics?: { getMeterProvider?: () => MeterProvider } }
      if (typeof api.metrics?.getMeterProvider === 'function') return api.metrics.getMeterProvider()
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'MODULE_NOT_FOUND') throw error
    }
  }
  return undefined
}
