import { Readable } from 'node:stream'
import { PersonalizeEventsClient } from '@aws-sdk/client-personalize-events'
import { BENCH_CREDENTIALS } from './sdk-client'

/**
 * A real SDK client whose transport never touches the network: every call either succeeds at once (`'ok'`) or
 * never settles (`'hang'`). Serialisation and signing still run. Used where the bench measures the dispatcher's
 * own cost or memory, not the network.
 */
export function createOfflineClient(mode: 'ok' | 'hang'): PersonalizeEventsClient {
  return new PersonalizeEventsClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: BENCH_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: {
      handle: () =>
        mode === 'ok'
          ? Promise.resolve({ response: { statusCode: 200, headers: {}, body: Readable.from([]) } })
          : new Promise(() => {}),
    } as never,
  })
}
