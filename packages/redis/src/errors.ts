import { PersonalizeKitError } from '@personalize-kit/core'

/**
 * A batch the stream would not take because the backlog (records appended and not yet delivered or
 * dead-lettered by a relay) already holds `maxBacklog` records. The dispatcher dead-letters its records with the
 * reason `backlog-full`, as its own queue does when full: the relays are behind (Personalize down, too few relays).
 *
 * @example
 * ```ts
 * const dispatcher = createDispatcher({
 *   transport: redisTransport({ maxBacklog: 500_000 }),
 *   onDeadLetter: (records, reason) => {
 *     if (reason === 'backlog-full') alert(`relays are behind: ${records.length} records not enqueued`)
 *   },
 * })
 * ```
 */
export class PersonalizeBacklogFullError extends PersonalizeKitError {
  declare readonly code: 'PERSONALIZE_BACKLOG_FULL'
  readonly backlog: number
  readonly maxBacklog: number

  constructor(backlog: number, maxBacklog: number) {
    super(
      'PERSONALIZE_BACKLOG_FULL',
      `[@personalize-kit/redis] backlog-full: the stream holds ${backlog} undelivered records and maxBacklog is ${maxBacklog}; start more relays or check that Personalize is reachable`,
    )
    this.name = 'PersonalizeBacklogFullError'
    this.backlog = backlog
    this.maxBacklog = maxBacklog
  }
}

/**
 * Redis could not be reached within `connectWaitMs`. The dispatcher treats it like a network error: the batch
 * stays in its bounded memory queue and is retried with backoff.
 *
 * @example
 * ```ts
 * logger.warn({ err }, err instanceof PersonalizeRedisUnavailableError ? 'redis down' : 'other')
 * ```
 */
export class PersonalizeRedisUnavailableError extends PersonalizeKitError {
  declare readonly code: 'PERSONALIZE_REDIS_UNAVAILABLE'

  constructor(detail: string) {
    super('PERSONALIZE_REDIS_UNAVAILABLE', `[@personalize-kit/redis] Redis is unreachable: ${detail}`)
    this.name = 'PersonalizeRedisUnavailableError'
  }
}
