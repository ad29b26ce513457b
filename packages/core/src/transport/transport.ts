import type {
  PutActionInteractionsCommandInput,
  PutActionsCommandInput,
  PutEventsCommandInput,
  PutItemsCommandInput,
  PutUsersCommandInput,
} from '@aws-sdk/client-personalize-events'

/**
 * One call's worth: exactly the SDK command input of one operation (at most 10 records of one group, that is one
 * trackingId/sessionId/userId for PutEvents, one tracker for PutActionInteractions, one dataset otherwise).
 *
 * @example
 * ```ts
 * const call: TransportCall = {
 *   operation: 'PutEvents',
 *   input: { trackingId: 'tid', sessionId: 's-1', eventList: [{ eventType: 'click', sentAt: new Date() }] },
 * }
 * ```
 */
export type TransportCall =
  | { operation: 'PutEvents'; input: PutEventsCommandInput }
  | { operation: 'PutItems'; input: PutItemsCommandInput }
  | { operation: 'PutUsers'; input: PutUsersCommandInput }
  | { operation: 'PutActions'; input: PutActionsCommandInput }
  | { operation: 'PutActionInteractions'; input: PutActionInteractionsCommandInput }

/**
 * Where the dispatcher hands finished batches: the AWS SDK by default (`sdkTransport`), or anything else that
 * can take them, such as the Redis Streams tier of `@personalize-kit/redis`. The dispatcher still validates,
 * groups, batches, bounds each call by `requestTimeoutMs`, retries, bisects and dead-letters; a transport only
 * moves one call.
 *
 * @example
 * ```ts
 * import { createDispatcher, sdkTransport, type Transport } from '@personalize-kit/core'
 * import { PersonalizeEventsClient } from '@aws-sdk/client-personalize-events'
 *
 * const sdk = sdkTransport(new PersonalizeEventsClient({ region: 'us-east-1', maxAttempts: 1 }))
 * const logged: Transport = {
 *   async send(call, options) {
 *     console.log(call.operation)
 *     await sdk.send(call, options)
 *   },
 * }
 * const dispatcher = createDispatcher({ trackingId: 'tid', transport: logged })
 * ```
 */
export interface Transport {
  /**
   * Resolves once the batch is delivered (SDK) or durable (Redis); rejects with an error that `classifyError`
   * understands: an AWS-style error (`name`, `$metadata.httpStatusCode`) is sorted like the service's, anything
   * else (a network error) is retried as transient. `signal` is aborted when the call's `requestTimeoutMs` or
   * `close()`'s deadline passes; the dispatcher settles the call then whether or not the transport reacts.
   */
  send(call: TransportCall, options: { signal?: AbortSignal }): Promise<void>
  /** When true the dispatcher does not apply its own per-operation `rateLimits` (a shared limiter downstream does). */
  readonly sharedRateLimit?: boolean
  /** Called by `dispatcher.close()` after the last call settled. */
  close?(): Promise<void> | void
}
