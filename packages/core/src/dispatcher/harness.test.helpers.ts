import { PersonalizeEventsClient } from '@aws-sdk/client-personalize-events'
import { type Emulator, type EmulatorOptions, startEmulator } from '@personalize-kit/emulator'
import type { DeadLetter, DeadLetterReason, Dispatcher, DispatcherOptions, Logger } from '../types'
import { createDispatcher } from './create-dispatcher'

export const ITEMS_ARN = 'arn:aws:personalize:us-east-1:123456789012:dataset/shop/ITEMS'
export const USERS_ARN = 'arn:aws:personalize:us-east-1:123456789012:dataset/shop/USERS'
export const ACTIONS_ARN = 'arn:aws:personalize:us-east-1:123456789012:dataset/shop/ACTIONS'

export const silentLogger = (): Logger & { lines: { level: string; obj: unknown; msg?: string }[] } => {
  const lines: { level: string; obj: unknown; msg?: string }[] = []
  const log = (level: string) => (obj: unknown, msg?: string) => {
    lines.push({ level, obj, msg })
  }
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }
}

export interface DeadLetterCall {
  records: DeadLetter[]
  reason: DeadLetterReason
  error: unknown
}

/**
 * A real emulator on a random port plus dispatchers wired to it through the real SDK client. Retry delays are
 * tiny so fault tests run fast; every dispatcher is closed by `stop()`.
 */
export async function startHarness(emulatorOptions: EmulatorOptions = {}) {
  const emulator: Emulator = await startEmulator({ port: 0, quiet: true, seed: 7, ...emulatorOptions })
  const dispatchers: Dispatcher[] = []
  const clientConfig = {
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  }
  const deadLetters: DeadLetterCall[] = []

  function create(options: DispatcherOptions = {}): Dispatcher {
    const dispatcher = createDispatcher({
      trackingId: 'tid',
      actionTrackingId: 'tid-actions',
      datasets: { items: ITEMS_ARN, users: USERS_ARN, actions: ACTIONS_ARN },
      clientConfig,
      flushIntervalMs: 60_000,
      retry: { baseDelayMs: 1, throttleBaseDelayMs: 1, maxDelayMs: 5 },
      logger: silentLogger(),
      onDeadLetter: (records, reason, error) => deadLetters.push({ records, reason, error }),
      ...options,
    })
    dispatchers.push(dispatcher)
    return dispatcher
  }

  function client(config: Record<string, unknown> = {}): PersonalizeEventsClient {
    return new PersonalizeEventsClient({ ...clientConfig, maxAttempts: 1, ...config })
  }

  async function stop(): Promise<void> {
    await Promise.all(dispatchers.map((d) => d.close({ timeoutMs: 2000 })))
    await emulator.stop()
  }

  /** Data-plane requests the emulator received, by operation. */
  function calls(operation?: string) {
    return emulator
      .requests()
      .filter((r) => r.operation !== undefined && (operation === undefined || r.operation === operation))
  }

  return { emulator, create, client, clientConfig, deadLetters, stop, calls }
}

export type Harness = Awaited<ReturnType<typeof startHarness>>

/** `accepted = delivered + deadLettered + queued + inFlight`, the dispatcher's accounting invariant. */
export function balanced(dispatcher: Dispatcher): boolean {
  const s = dispatcher.stats()
  return s.accepted === s.delivered + s.deadLettered + s.queued + s.inFlight
}

/**
 * Makes the real client corrupt events whose eventType is 'poison' after serialisation (an empty eventType), the
 * way a record the service rejects for reasons no client can see (schema, account state) looks on the wire.
 */
export function poisonous(client: PersonalizeEventsClient): PersonalizeEventsClient {
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { body?: unknown; headers: Record<string, string> }
      // The SDK hands a string-like JSON adapter to later steps; its text is the request body.
      const body = request.body
      const text = ArrayBuffer.isView(body)
        ? Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString()
        : String(body)
      if (text.includes('"poison"')) {
        const json = JSON.parse(text) as { eventList?: { eventType: string }[] }
        for (const event of json.eventList ?? []) if (event.eventType === 'poison') event.eventType = ''
        request.body = JSON.stringify(json)
        request.headers['content-length'] = String(Buffer.byteLength(request.body as string))
      }
      return next(args)
    },
    { step: 'build', name: 'poisonForTests' },
  )
  return client
}
