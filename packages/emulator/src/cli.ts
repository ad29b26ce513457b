#!/usr/bin/env node
import { CliUsageError, HELP, parseCliArgs } from './cli-args'
import { connectionHelp } from './connection-help'
import { startEmulator } from './start-emulator'
import type { RequestLogEntry } from './types'

function logLine(e: RequestLogEntry): string {
  const what = e.operation ?? `${e.method} ${e.path}`
  const result = e.errorCode ? `${e.status} ${e.errorCode}` : e.fault ? `${e.fault}` : `${e.status}`
  const sig = e.signature && e.signature.status !== 'valid' ? ` sig=${e.signature.status}` : ''
  return `[@personalize-kit/emulator] ${what} ${result} records=${e.recordCount} ${e.durationMs.toFixed(1)}ms${sig}`
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseCliArgs>
  try {
    parsed = parseCliArgs(process.argv.slice(2))
  } catch (e) {
    if (e instanceof CliUsageError) {
      console.error(`[@personalize-kit/emulator] ${e.message}\n\n${HELP}`)
      process.exit(2)
    }
    throw e
  }
  if (parsed.help) {
    console.log(HELP)
    return
  }
  const { options } = parsed
  const emulator = await startEmulator({
    ...options,
    onRequest: options.quiet ? undefined : (entry) => console.log(logLine(entry)),
  })
  const health = await fetch(`${emulator.url}/_emulator/health`).then(
    (r) => r.json() as Promise<{ replayed: number }>,
  )
  console.log(connectionHelp(emulator.url, options, health.replayed))

  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`\n[@personalize-kit/emulator] ${signal} received, stopping`)
    emulator.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error('[@personalize-kit/emulator] error while stopping', e)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
}

main().catch((e: unknown) => {
  console.error('[@personalize-kit/emulator] failed to start:', e instanceof Error ? e.message : e)
  process.exit(1)
})
