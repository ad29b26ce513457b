import {
  type PersonalizeEventsClient,
  PutActionInteractionsCommand,
  PutActionsCommand,
  PutEventsCommand,
  PutItemsCommand,
  PutUsersCommand,
} from '@aws-sdk/client-personalize-events'
import type { Transport, TransportCall } from './transport'

/**
 * Options of `sdkTransport`.
 *
 * @example
 * ```ts
 * const transport = sdkTransport(client, { destroyClientOnClose: true }) // the dispatcher's close() ends its sockets
 * ```
 */
export interface SdkTransportOptions {
  /** Destroy the client (its sockets) when the dispatcher closes. Default `false`: the client is yours. */
  destroyClientOnClose?: boolean
}

function toCommand(call: TransportCall) {
  switch (call.operation) {
    case 'PutEvents':
      return new PutEventsCommand(call.input)
    case 'PutItems':
      return new PutItemsCommand(call.input)
    case 'PutUsers':
      return new PutUsersCommand(call.input)
    case 'PutActions':
      return new PutActionsCommand(call.input)
    case 'PutActionInteractions':
      return new PutActionInteractionsCommand(call.input)
  }
}

/**
 * The default transport: each call goes to Personalize Events through `client`. The dispatcher builds one from
 * `clientConfig` when neither `client` nor `transport` is given. Build your client with `maxAttempts: 1`: the
 * dispatcher owns the retry budget.
 *
 * @example
 * ```ts
 * import { PersonalizeEventsClient } from '@aws-sdk/client-personalize-events'
 * import { createDispatcher, sdkTransport } from '@personalize-kit/core'
 *
 * const client = new PersonalizeEventsClient({ region: 'us-east-1', maxAttempts: 1 })
 * const dispatcher = createDispatcher({ trackingId: 'tid', transport: sdkTransport(client) })
 * ```
 */
export function sdkTransport(client: PersonalizeEventsClient, options: SdkTransportOptions = {}): Transport {
  // One send() for five command types: the overloads cannot take their union.
  const send = client.send.bind(client) as (
    command: ReturnType<typeof toCommand>,
    options?: { abortSignal?: AbortSignal },
  ) => Promise<unknown>
  return {
    send(call, { signal }) {
      // The dispatcher only reads settlement, so the SDK's output promise is handed back as is (no extra hop).
      const cmd = toCommand(call)
      const sent = signal === undefined ? send(cmd) : send(cmd, { abortSignal: signal })
      return sent as Promise<void>
    },
    close: options.destroyClientOnClose ? () => client.destroy() : undefined,
  }
}
