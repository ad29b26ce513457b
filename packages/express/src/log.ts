import type { Logger } from '@personalize-kit/core'

/**
 * @internal
 * Calls the user's pino-compatible logger as `logger[level](context, message)`; a logger that throws is ignored,
 * as serving the request matters more than the log line.
 */
export function log(logger: Logger, level: keyof Logger, context: object, message: string): void {
  try {
    logger[level](context, message)
  } catch {
    // Nothing better to do: the logger itself is the place errors would be reported.
  }
}
