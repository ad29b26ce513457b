import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { MeterProvider } from '@opentelemetry/api'

const OTEL_API = '@opentelemetry/api'

interface OtelApi {
  metrics: { getMeterProvider(): MeterProvider }
}

/**
 * The global meter provider of `@opentelemetry/api`, or `undefined` when the package is not installed: it is an
 * optional peer dependency, so nothing here may import it at load time. Its global registry is shared by every
 * copy (ESM or CommonJS) of the API, so the provider an app registers is the one found here.
 */
export function globalMeterProvider(): MeterProvider | undefined {
  const here = typeof __filename === 'string' ? __filename : import.meta.url
  for (const base of [here, join(process.cwd(), 'package.json')]) {
    try {
      const api = createRequire(base)(OTEL_API) as Partial<OtelApi>
      if (typeof api.metrics?.getMeterProvider === 'function') return api.metrics.getMeterProvider()
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'MODULE_NOT_FOUND') throw error
    }
  }
  return undefined
}
