#!/usr/bin/env node
import { dispatcherOptionsFromEnv, type Logger } from '@personalize-kit/core'
import { replayDeadLetters } from '../admin/replay-dead'
import { tierStatus } from '../admin/status'
import { createRelay } from '../relay/create-relay'
import { CliUsageError, parseCli } from './args'
import { formatStatus } from './format-status'
import { HELP } from './help'

const logger: Logger = {
  debug() {},
  info: (obj, msg) =>
    console.log(msg ?? '', obj && Object.keys(obj as object).length > 0 ? JSON.stringify(obj) : ''),
  warn: (obj, msg) => console.warn(msg ?? '', JSON.stringify(obj)),
  error: (obj, msg) => console.error(msg ?? '', JSON.stringify(obj)),
}

async function main(): Promise<number> {
  let cli: ReturnType<typeof parseCli>
  try {
    cli = parseCli(process.argv.slice(2), process.env)
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error
    console.error(`personalize-relay: ${error.message}`)
    return 2
  }
  if (cli.command === 'help') {
    process.stdout.write(HELP)
    return 0
  }
  const target = { url: cli.url, stream: cli.stream }
  if (cli.command === 'status') {
    const status = await tierStatus(target)
    process.stdout.write(cli.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status))
    return 0
  }
  if (cli.command === 'replay-dead') {
    const report = await replayDeadLetters({ ...target, reason: cli.reason, limit: cli.limit })
    console.log(
      `personalize-relay: re-enqueued ${report.records} record(s) from ${report.entries} dead letter(s)`,
    )
    return 0
  }
  const { transport: _ignored, ...personalize } = dispatcherOptionsFromEnv(process.env)
  const relay = createRelay({
    ...personalize,
    ...target,
    consumer: cli.consumer,
    concurrency: cli.concurrency,
    maxHeldRecords: cli.maxHeldRecords,
    claimIdleMs: cli.claimIdleMs,
    rateLimits: cli.rateLimits,
    logger,
  })
  await relay.start()
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({}, `[@personalize-kit/redis] ${signal}: closing relay ${relay.consumer}`)
      relay.close({ timeoutMs: cli.closeTimeoutMs }).then(resolve, resolve)
    }
    process.once('SIGTERM', () => stop('SIGTERM'))
    process.once('SIGINT', () => stop('SIGINT'))
  })
  const stats = relay.stats()
  logger.info(
    {
      delivered: stats.delivered,
      deadLettered: stats.deadLettered,
      resent: stats.resent,
      claimed: stats.claimed,
      calls: stats.calls,
      retried: stats.retried,
      rateWaits: stats.rateWaits,
      staleGrants: stats.staleGrants,
    },
    `[@personalize-kit/redis] relay ${relay.consumer} closed`,
  )
  return 0
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (error) => {
    console.error(`personalize-relay: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  },
)
