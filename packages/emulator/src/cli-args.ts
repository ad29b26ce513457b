import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { faultRuleProblem } from './fault-engine'
import { ALL_OPERATIONS } from './operations'
import { KINDS } from './runtime/resource-kinds'
import { createRuntimeRegistry, RuntimeRegistrationError } from './runtime/runtime-registry'
import { RUNTIME_OPERATION_NAMES } from './runtime/runtime-state'
import type { RuntimeOptions, RuntimeResource } from './runtime/runtime-types'
import type { EmulatorOptions, FaultRule, ResourceRegistry, ServiceOperation, SignatureMode } from './types'

const QUOTA_OPERATIONS: readonly ServiceOperation[] = [...ALL_OPERATIONS, ...RUNTIME_OPERATION_NAMES]

/** Thrown for a bad command line; the CLI prints the message and exits with status 2. */
export class CliUsageError extends Error {
  readonly code = 'EMULATOR_CLI_USAGE'
  constructor(message: string) {
    super(message)
    this.name = 'CliUsageError'
  }
}

export const HELP = `personalize-emulator — a local, wire-faithful Amazon Personalize Events and Runtime service

Usage: personalize-emulator [options]

Options:
  --port <n>              Port to listen on (default 4599; 0 picks a free port)
  --host <addr>           Interface to bind (default 127.0.0.1; use 0.0.0.0 only if you mean it)
  --data <file>           Persist records to an append-only JSON-lines file, replayed on start
  --signature <mode>      SigV4 checking: off | warn (default: verify and record) | strict (reject)
  --credentials <id:key>  Access key pair accepted by signature checks (repeatable; default test:test)
  --region <region>       Only accept signatures scoped to this region (default: any)
  --seed <n>              Seed for probabilistic faults (repeatable runs)
  --fault <rule>          Inject a fault (repeatable). <rule> = <kind>[,op=<Operation>][,p=<0..1>][,count=<n>][,ms=<n>]
                          kinds: throttle error500 error503 latency reset hang malformed
                          e.g. --fault throttle,p=0.1   --fault error503,op=PutItems,count=3   --fault latency,ms=250
  --quota <Op=n>          Calls per second for an operation before ThrottlingException (repeatable),
                          e.g. --quota PutEvents=1000 --quota PutItems=10
  --resources <file>      JSON resource registry {"trackingIds":[...],"datasets":[{"arn","status","type"}]};
                          unknown datasets then answer ResourceNotFoundException
  --runtime-resource <arn>=<kind>
                          Register a Personalize Runtime campaign or recommender (repeatable), e.g.
                          --runtime-resource arn:aws:personalize:us-east-1:000000000000:campaign/sims=related-items
                          kinds: ${Object.keys(KINDS).join(' ')}
  --runtime-filter <arn>=<expression>
                          Register a filter (repeatable), e.g. --runtime-filter
                          'arn:aws:personalize:us-east-1:000000000000:filter/no-buys=EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("purchase")'
  --no-runtime-defaults   Start without the demo campaigns and recommenders
  --max-records <n>       Most records held in memory (default 1000000); the oldest are evicted beyond it
  --max-body-bytes <n>    Largest request body (default 1048576; larger gets 413)
  --quiet                 Do not log each request
  -h, --help              Show this help

Admin API: /_emulator/health, /records, /requests, /stats, /faults, /reset, /stream, /runtime, /recommendations,
/attribution. Inspector: the root URL.
`

function int(name: string, v: string, min = 0): number {
  const n = Number(v)
  if (!Number.isInteger(n) || n < min)
    throw new CliUsageError(`--${name} must be an integer >= ${min}, got '${v}'`)
  return n
}

/** Parses `throttle,op=PutEvents,p=0.1,count=3,ms=200`. */
export function parseFaultFlag(text: string): FaultRule {
  const [kind, ...parts] = text.split(',')
  const rule: Record<string, unknown> = { kind }
  for (const part of parts) {
    const [k, v = ''] = part.split('=')
    if (k === 'op' || k === 'operation') rule.operation = v
    else if (k === 'p' || k === 'probability') rule.probability = Number(v)
    else if (k === 'count' || k === 'n') rule.count = Number(v)
    else if (k === 'ms' || k === 'latencyMs') rule.latencyMs = Number(v)
    else throw new CliUsageError(`--fault '${text}': unknown setting '${k}' (use op, p, count, ms)`)
  }
  const problem = faultRuleProblem(rule)
  if (problem) throw new CliUsageError(`--fault '${text}': ${problem}`)
  return rule as unknown as FaultRule
}

function splitPair(flag: string, text: string): [string, string] {
  const i = text.indexOf('=')
  if (i <= 0 || i === text.length - 1)
    throw new CliUsageError(`--${flag} must look like <arn>=<value>, got '${text}'`)
  return [text.slice(0, i), text.slice(i + 1)]
}

/** `--runtime-resource`, `--runtime-filter`, `--no-runtime-defaults`, checked now so a typo fails at start. */
function runtimeFlags(
  values: Record<string, string | boolean | string[] | undefined>,
): RuntimeOptions | undefined {
  const resources = (values['runtime-resource'] as string[] | undefined)?.map((t) => {
    const [arn, kind] = splitPair('runtime-resource', t)
    return { arn, kind } as RuntimeResource
  })
  const filters = (values['runtime-filter'] as string[] | undefined)?.map((t) => {
    const [arn, expression] = splitPair('runtime-filter', t)
    return { arn, expression }
  })
  if (!resources && !filters && !values['no-runtime-defaults']) return undefined
  const options: RuntimeOptions = { resources, filters }
  if (values['no-runtime-defaults']) options.defaults = false
  try {
    createRuntimeRegistry(options)
  } catch (e) {
    if (e instanceof RuntimeRegistrationError) throw new CliUsageError(e.message)
    throw e
  }
  return options
}

/** Turns argv into emulator options; throws {@link CliUsageError} naming the bad flag. */
export function parseCliArgs(
  argv: readonly string[],
): { help: true } | { help: false; options: EmulatorOptions } {
  let values: Record<string, string | boolean | string[] | undefined>
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        signature: { type: 'string' },
        credentials: { type: 'string', multiple: true },
        region: { type: 'string' },
        seed: { type: 'string' },
        fault: { type: 'string', multiple: true },
        quota: { type: 'string', multiple: true },
        resources: { type: 'string' },
        'max-body-bytes': { type: 'string' },
        'max-records': { type: 'string' },
        'runtime-resource': { type: 'string', multiple: true },
        'runtime-filter': { type: 'string', multiple: true },
        'no-runtime-defaults': { type: 'boolean' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values
  } catch (e) {
    throw new CliUsageError((e as Error).message)
  }
  if (values.help) return { help: true }
  const options: EmulatorOptions = { port: 4599, host: '127.0.0.1' }
  if (typeof values.port === 'string') options.port = int('port', values.port)
  if (typeof values.host === 'string') options.host = values.host
  if (typeof values.data === 'string') options.data = values.data
  if (typeof values.signature === 'string') {
    if (!['off', 'warn', 'strict'].includes(values.signature)) {
      throw new CliUsageError(`--signature must be off, warn or strict, got '${values.signature}'`)
    }
    options.signature = values.signature as SignatureMode
  }
  if (Array.isArray(values.credentials)) {
    options.credentials = {}
    for (const pair of values.credentials) {
      const i = pair.indexOf(':')
      if (i <= 0 || i === pair.length - 1) {
        throw new CliUsageError(`--credentials must look like ACCESS_KEY_ID:SECRET, got '${pair}'`)
      }
      options.credentials[pair.slice(0, i)] = pair.slice(i + 1)
    }
  }
  if (typeof values.region === 'string') options.region = values.region
  if (typeof values.seed === 'string') options.seed = int('seed', values.seed)
  if (Array.isArray(values.fault)) options.faults = values.fault.map(parseFaultFlag)
  if (Array.isArray(values.quota)) {
    const quotas: Partial<Record<ServiceOperation, number>> = {}
    for (const q of values.quota) {
      const [op, n = ''] = q.split('=')
      if (!QUOTA_OPERATIONS.includes(op as ServiceOperation)) {
        throw new CliUsageError(`--quota '${q}': operation must be one of ${QUOTA_OPERATIONS.join(', ')}`)
      }
      const rate = Number(n)
      if (!(rate > 0)) throw new CliUsageError(`--quota '${q}': calls per second must be a positive number`)
      quotas[op as ServiceOperation] = rate
    }
    options.quotas = quotas
  }
  if (typeof values.resources === 'string') {
    try {
      options.resources = JSON.parse(readFileSync(values.resources, 'utf8')) as ResourceRegistry
    } catch (e) {
      throw new CliUsageError(`--resources '${values.resources}': ${(e as Error).message}`)
    }
  }
  if (typeof values['max-body-bytes'] === 'string') {
    options.maxBodyBytes = int('max-body-bytes', values['max-body-bytes'], 1)
  }
  if (typeof values['max-records'] === 'string') {
    options.maxRecords = int('max-records', values['max-records'], 1)
  }
  const runtime = runtimeFlags(values)
  if (runtime) options.runtime = runtime
  if (values.quiet) options.quiet = true
  return { help: false, options }
}
