/**
 * One problem found while validating a record: `path` names the field (for example `properties` or
 * `impression[3]`) and `message` names the limit that was broken.
 *
 * @example
 * ```ts
 * const issue: ValidationIssue = { path: 'recommendationId', message: 'must be at most 40 characters, got 41' }
 * ```
 */
export interface ValidationIssue {
  path: string
  message: string
}

/**
 * Base class of every error thrown by personalize-kit. `code` is stable across versions: branch on it, not on the
 * message.
 *
 * @example
 * ```ts
 * try {
 *   dispatcher.recordEvent(input)
 * } catch (error) {
 *   if (error instanceof PersonalizeKitError && error.code === 'PERSONALIZE_QUEUE_FULL') return new Response(null, { status: 503 })
 *   throw error
 * }
 * ```
 */
export class PersonalizeKitError extends Error {
  readonly code: string

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'PersonalizeKitError'
    this.code = code
  }
}

/**
 * Thrown synchronously by `recordEvent`, `putItem`, `putUser`, `putAction` and `recordActionInteraction` when a
 * record breaks a Personalize limit. Nothing is queued. `issues` lists every problem found, each naming the field
 * and the limit.
 *
 * @example
 * ```ts
 * try {
 *   dispatcher.recordEvent({ sessionId: 's1', eventType: 'click', impression: tooManyIds })
 * } catch (error) {
 *   if (error instanceof PersonalizeValidationError) console.log(error.issues)
 *   // [{ path: 'impression', message: 'must hold at most 25 item ids, got 30' }]
 * }
 * ```
 */
export class PersonalizeValidationError extends PersonalizeKitError {
  declare readonly code: 'PERSONALIZE_VALIDATION'
  readonly issues: ValidationIssue[]

  constructor(issues: ValidationIssue[], what = 'record') {
    super(
      'PERSONALIZE_VALIDATION',
      `[@personalize-kit/core] invalid ${what}: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`,
    )
    this.name = 'PersonalizeValidationError'
    this.issues = issues
  }
}

/**
 * Thrown when the dispatcher already holds `maxQueueSize` records and `overflow` is `'reject'` (or when every
 * held record is already in flight). Answer the caller with 503 and let it retry later.
 *
 * @example
 * ```ts
 * try {
 *   dispatcher.recordEvent(input)
 * } catch (error) {
 *   if (error instanceof PersonalizeQueueFullError) return new Response(null, { status: 503, headers: { 'retry-after': '1' } })
 *   throw error
 * }
 * ```
 */
export class PersonalizeQueueFullError extends PersonalizeKitError {
  declare readonly code: 'PERSONALIZE_QUEUE_FULL'

  constructor(maxQueueSize: number) {
    super(
      'PERSONALIZE_QUEUE_FULL',
      `[@personalize-kit/core] queue full: the dispatcher already holds maxQueueSize (${maxQueueSize}) records`,
    )
    this.name = 'PersonalizeQueueFullError'
  }
}

/**
 * Thrown when a record is offered after `close()` was called.
 *
 * @example
 * ```ts
 * await dispatcher.close()
 * dispatcher.recordEvent(input) // throws PersonalizeClosedError
 * ```
 */
export class PersonalizeClosedError extends PersonalizeKitError {
  declare readonly code: 'PERSONALIZE_CLOSED'

  constructor() {
    super(
      'PERSONALIZE_CLOSED',
      '[@personalize-kit/core] the dispatcher is closed and accepts no more records',
    )
    this.name = 'PersonalizeClosedError'
  }
}

/**
 * Thrown when the dispatcher is configured in a way that cannot work: options that exclude each other (for
 * example `transport` with `client`), or, in production, environment variables that are missing. The message
 * names the option or variable to fix.
 *
 * @example
 * ```ts
 * try {
 *   createDispatcher(dispatcherOptionsFromEnv())
 * } catch (error) {
 *   if (error instanceof PersonalizeConfigError) console.error(error.message) // names the missing variable
 *   throw error
 * }
 * ```
 */
export class PersonalizeConfigError extends PersonalizeKitError {
  declare readonly code: 'PERSONALIZE_CONFIG'

  constructor(message: string, options?: ErrorOptions) {
    super('PERSONALIZE_CONFIG', message, options)
    this.name = 'PersonalizeConfigError'
  }
}
