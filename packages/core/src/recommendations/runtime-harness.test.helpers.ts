import { PersonalizeRuntimeClient } from '@aws-sdk/client-personalize-runtime'
import type { Attributes, MeterProvider } from '@opentelemetry/api'
import { type Emulator, type EmulatorOptions, startEmulator } from '@personalize-kit/emulator'
import { createDispatcher } from '../dispatcher/create-dispatcher'
import { dispatcherOptionsFromEnv } from '../dispatcher-options-from-env'
import type { Dispatcher, Logger } from '../types'
import { createRecommendationClient } from './create-recommendation-client'
import type { RecommendationClient, RecommendationClientOptions } from './types'

export const silentLogger = (): Logger & { lines: { level: string; obj: unknown; msg?: string }[] } => {
  const lines: { level: string; obj: unknown; msg?: string }[] = []
  const log = (level: string) => (obj: unknown, msg?: string) => {
    lines.push({ level, obj, msg })
  }
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }
}

/** A minimal in-memory OpenTelemetry meter provider: enough to see what the client records. */
export function memoryMeterProvider() {
  const points: { name: string; value: number; attributes: Attributes }[] = []
  const observers: (() => void)[] = []
  const instrument = (name: string) => ({
    add: (value: number, attributes: Attributes = {}) => points.push({ name, value, attributes }),
    record: (value: number, attributes: Attributes = {}) => points.push({ name, value, attributes }),
  })
  const observable = (name: string) => ({
    addCallback: (callback: (result: { observe: (v: number, a?: Attributes) => void }) => void) =>
      observers.push(() =>
        callback({ observe: (value, attributes = {}) => points.push({ name, value, attributes }) }),
      ),
  })
  const meter = {
    createCounter: instrument,
    createHistogram: instrument,
    createObservableUpDownCounter: observable,
  }
  const provider = { getMeter: () => meter } as unknown as MeterProvider
  const count = (name: string, match: Attributes = {}) =>
    points.filter((p) => p.name === name && Object.entries(match).every(([k, v]) => p.attributes[k] === v))
      .length
  const sum = (name: string, match: Attributes = {}) =>
    points
      .filter((p) => p.name === name && Object.entries(match).every(([k, v]) => p.attributes[k] === v))
      .reduce((total, p) => total + p.value, 0)
  const collect = () => {
    for (const observe of observers) observe()
  }
  return { provider, points, count, sum, collect }
}

/**
 * A real emulator on a random port, recommendation clients over the real runtime SDK pointed at it, and a real
 * events dispatcher to teach the emulator's demo resources. `stop()` destroys every client.
 */
export async function startRuntimeHarness(emulatorOptions: EmulatorOptions = {}) {
  const emulator: Emulator = await startEmulator({ port: 0, quiet: true, seed: 7, ...emulatorOptions })
  const clientConfig = {
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  }
  const clients: RecommendationClient[] = []
  const sdkClients: PersonalizeRuntimeClient[] = []
  const dispatchers: Dispatcher[] = []
  const logger = silentLogger()

  /** A generous default budget: only the tests about timeouts may depend on how fast a loaded machine is. */
  function create(options: RecommendationClientOptions = {}): RecommendationClient {
    const client = createRecommendationClient({ clientConfig, logger, timeoutMs: 5000, ...options })
    clients.push(client)
    return client
  }

  function sdkClient(): PersonalizeRuntimeClient {
    const client = new PersonalizeRuntimeClient({ ...clientConfig, maxAttempts: 1 })
    sdkClients.push(client)
    return client
  }

  /** A dispatcher on the emulator's demo dataset group (the one its default resources learn from). */
  function dispatcher(): Dispatcher {
    const created = createDispatcher({
      ...dispatcherOptionsFromEnv({ PERSONALIZE_ENDPOINT: emulator.url }),
      flushIntervalMs: 60_000,
      logger: silentLogger(),
    })
    dispatchers.push(created)
    return created
  }

  /** Runtime calls the emulator received for `operation`. */
  function calls(operation = 'GetRecommendations') {
    return emulator.requests().filter((entry) => (entry.operation as string) === operation)
  }

  async function stop(): Promise<void> {
    for (const client of clients) client.destroy()
    for (const client of sdkClients) client.destroy()
    await Promise.all(dispatchers.map((d) => d.close({ timeoutMs: 2000 })))
    await emulator.stop()
  }

  return { emulator, clientConfig, create, sdkClient, dispatcher, calls, logger, stop }
}

export type RuntimeHarness = Awaited<ReturnType<typeof startRuntimeHarness>>
