import type { DispatcherOptions, Logger } from './types'

/**
 * Marks options that fell back to the emulator (its endpoint as the value), so the dispatcher can say so once at
 * startup. A registered symbol: it survives spreading the options and is shared by the ESM and CommonJS builds.
 */
export const EMULATOR_TARGET = Symbol.for('@personalize-kit/core.emulatorTarget')

/** Says once, at creation, that events go to the local emulator, when the options fell back to it. */
export function announceEmulator(options: DispatcherOptions, logger: Logger): void {
  const target = (options as { [EMULATOR_TARGET]?: unknown })[EMULATOR_TARGET]
  if (typeof target !== 'string' || options.transport !== undefined || options.client !== undefined) return
  // Options merged over dispatcherOptionsFromEnv() may point elsewhere since.
  if (options.clientConfig?.endpoint !== target) return
  logger.info(
    { endpoint: target },
    `[@personalize-kit/core] PERSONALIZE_TRACKING_ID is not set: events go to the local Personalize emulator at ${target} (start it with \`npx @personalize-kit/emulator\`; set PERSONALIZE_TRACKING_ID and AWS_REGION to send to AWS)`,
  )
}
