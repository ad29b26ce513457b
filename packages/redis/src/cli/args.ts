import type { DeadLetterReason, RateLimits } from '@personalize-kit/core'

/** What the command line asked for. */
export interface CliCommand {
  command: 'run' | 'status' | 'replay-dead' | 'help'
  url?: string
  stream?: string
  consumer?: string
  concurrency?: number
  maxHeldRecords?: number
  claimIdleMs?: number
  closeTimeoutMs: number
  json: boolean
  reason?: DeadLetterReason
  limit?: number
  rateLimits: Partial<RateLimits>
}

/** Thrown for a flag or variable that cannot be used; the message names it. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CliUsageError'
  }
}

const RATE_ENV: Record<keyof RateLimits, string> = {
  events: 'PERSONALIZE_RATE_LIMIT_EVENTS',
  items: 'PERSONALIZE_RATE_LIMIT_ITEMS',
  users: 'PERSONALIZE_RATE_LIMIT_USERS',
  actions: 'PERSONALIZE_RATE_LIMIT_ACTIONS',
  actionInteractions: 'PERSONALIZE_RATE_LIMIT_ACTION_INTERACTIONS',
}

const REASONS = new Set([
  'invalid-input',
  'resource-not-found',
  'rejected',
  'retries-exhausted',
  'queue-full',
  'shutdown-timeout',
  'backlog-full',
])

function positive(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined
  const value = Number(raw)
  if (!(value > 0) || !Number.isFinite(value))
    throw new CliUsageError(`${name} must be a positive number, got '${raw}'`)
  return value
}

function whole(name: string, raw: string | undefined): number | undefined {
  const value = positive(name, raw)
  if (value !== undefined && !Number.isInteger(value))
    throw new CliUsageError(`${name} must be a whole number, got '${raw}'`)
  return value
}

/** Parses `personalize-relay [command] [flags]` with the environment's defaults. */
export function parseCli(argv: string[], env: Record<string, string | undefined>): CliCommand {
  const known = new Set([
    '--url',
    '--stream',
    '--consumer',
    '--concurrency',
    '--max-held',
    '--claim-idle-ms',
    '--close-timeout-ms',
    '--json',
    '--reason',
    '--limit',
    ...Object.keys(RATE_ENV).map((k) => `--rate-${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`),
  ])
  const flags = new Map<string, string>()
  let command: CliCommand['command'] = 'run'
  let commandSeen = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--help' || arg === '-h')
      return { command: 'help', closeTimeoutMs: 0, json: false, rateLimits: {} }
    if (arg === '--json') {
      flags.set('--json', 'true')
      continue
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=')
      const name = eq === -1 ? arg : arg.slice(0, eq)
      if (!known.has(name)) throw new CliUsageError(`unknown flag ${name} (see --help)`)
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1)
      if (value === undefined) throw new CliUsageError(`${name} needs a value`)
      flags.set(name, value)
      continue
    }
    if (commandSeen || !['run', 'status', 'replay-dead', 'help'].includes(arg))
      throw new CliUsageError(`unknown command '${arg}' (commands: run, status, replay-dead; see --help)`)
    command = arg as CliCommand['command']
    commandSeen = true
  }
  for (const name of flags.keys())
    if (!known.has(name)) throw new CliUsageError(`unknown flag ${name} (see --help)`)
  const rateLimits: Partial<RateLimits> = {}
  for (const [key, variable] of Object.entries(RATE_ENV) as [keyof RateLimits, string][]) {
    const flag = `--rate-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
    const value = positive(flags.has(flag) ? flag : variable, flags.get(flag) ?? env[variable])
    if (value !== undefined) rateLimits[key] = value
  }
  const reason = flags.get('--reason')
  if (reason !== undefined && !REASONS.has(reason))
    throw new CliUsageError(`--reason must be one of ${[...REASONS].join(', ')}, got '${reason}'`)
  return {
    command,
    url: flags.get('--url') ?? (env.PERSONALIZE_REDIS_URL || undefined),
    stream: flags.get('--stream') ?? (env.PERSONALIZE_REDIS_STREAM || undefined),
    consumer: flags.get('--consumer'),
    concurrency: whole('--concurrency', flags.get('--concurrency')),
    maxHeldRecords: whole('--max-held', flags.get('--max-held')),
    claimIdleMs: whole('--claim-idle-ms', flags.get('--claim-idle-ms')),
    closeTimeoutMs: whole('--close-timeout-ms', flags.get('--close-timeout-ms')) ?? 10_000,
    json: flags.has('--json'),
    reason: reason as DeadLetterReason | undefined,
    limit: whole('--limit', flags.get('--limit')),
    rateLimits,
  }
}
