import { PersonalizeEventsClient } from '@aws-sdk/client-personalize-events'

/** Dummy credentials: the emulator checks signatures in `warn` mode and never blocks. */
export const BENCH_CREDENTIALS = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' }

/** A client as people write it for the bare SDK: defaults everywhere, pointed at the local service. */
export function createBareClient(endpoint: string): PersonalizeEventsClient {
  return new PersonalizeEventsClient({ region: 'us-east-1', endpoint, credentials: BENCH_CREDENTIALS })
}
