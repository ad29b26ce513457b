import { PersonalizeKitError } from '../errors'

/**
 * Error the streamed body fails with when it grows past `maxBodyBytes` (`createCollector` answers 413 for it).
 * Its `code` is `PERSONALIZE_PAYLOAD_TOO_LARGE`.
 *
 * @example
 * ```ts
 * const text = await request.text().catch((error: unknown) => {
 *   if (error instanceof PayloadTooLargeError) return undefined // too big: answer 413
 *   throw error
 * })
 * ```
 */
export class PayloadTooLargeError extends PersonalizeKitError {
  declare readonly code: 'PERSONALIZE_PAYLOAD_TOO_LARGE'
  /** The cap that was exceeded. */
  readonly maxBodyBytes: number

  constructor(maxBodyBytes: number) {
    super(
      'PERSONALIZE_PAYLOAD_TOO_LARGE',
      `[@personalize-kit/core] request body exceeds maxBodyBytes (${maxBodyBytes} bytes)`,
    )
    this.name = 'PayloadTooLargeError'
    this.maxBodyBytes = maxBodyBytes
  }
}
