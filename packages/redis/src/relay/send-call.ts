import {
  type PersonalizeEventsClient,
  PutActionInteractionsCommand,
  PutActionsCommand,
  PutEventsCommand,
  PutItemsCommand,
  PutUsersCommand,
} from '@aws-sdk/client-personalize-events'
import type { TransportCall } from '@personalize-kit/core'

/** Sends one call through the SDK, aborted after `timeoutMs`. */
export async function sendCall(
  client: PersonalizeEventsClient,
  call: TransportCall,
  timeoutMs: number,
): Promise<void> {
  const abortSignal = AbortSignal.timeout(timeoutMs)
  switch (call.operation) {
    case 'PutEvents':
      await client.send(new PutEventsCommand(call.input), { abortSignal })
      return
    case 'PutItems':
      await client.send(new PutItemsCommand(call.input), { abortSignal })
      return
    case 'PutUsers':
      await client.send(new PutUsersCommand(call.input), { abortSignal })
      return
    case 'PutActions':
      await client.send(new PutActionsCommand(call.input), { abortSignal })
      return
    case 'PutActionInteractions':
      await client.send(new PutActionInteractionsCommand(call.input), { abortSignal })
      return
  }
}
