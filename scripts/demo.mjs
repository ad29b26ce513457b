#!/usr/bin/env node
// `pnpm demo`: builds the packages and both example shops, starts the Personalize emulator, express-shop and
// next-shop, sends the demo users with putUser, and prints where to look. `--simulate` adds scripted shoppers.
// Ctrl-C stops the shops first (each flushes its queued events to the emulator), then the emulator.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEMO_HELP, DemoUsageError, parseDemoArgs } from './demo/args.mjs'
import { callEfficiency, DEFAULT_FLUSH_INTERVAL_MS, formatCallEfficiency } from './demo/call-efficiency.mjs'
import { isListening, killGroup, runCommand, startService, waitForHttp } from './demo/processes.mjs'
import { createProgress, elapsed } from './demo/progress.mjs'
import { hasRedisServer, startRedis, startRelay, waitForEmptyBacklog } from './demo/redis-tier.mjs'
import { emulatorRecords, sendDemoUsers, waitForCatalog } from './demo/seed.mjs'
import { startSimulation } from './demo/simulate.mjs'
import { attributedCtr, formatCtrComparison } from './demo/tastes.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const TURBO = join(ROOT, 'node_modules/turbo/bin/turbo')

let options
try {
  options = parseDemoArgs(process.argv.slice(2))
} catch (error) {
  if (!(error instanceof DemoUsageError)) throw error
  console.error(`[demo] ${error.message}\n\n${DEMO_HELP}`)
  process.exit(2)
}
if (options.help) {
  console.log(DEMO_HELP)
  process.exit(0)
}

const progress = createProgress()
const logDir = mkdtempSync(join(tmpdir(), 'personalize-kit-demo-'))
const urls = {
  emulator: `http://127.0.0.1:${options.ports.emulator}`,
  express: `http://localhost:${options.ports.express}`,
  next: `http://localhost:${options.ports.next}`,
}
// Readiness checks and the simulation use IPv4 explicitly: `localhost` may resolve to ::1 first.
const local = {
  express: `http://127.0.0.1:${options.ports.express}`,
  next: `http://127.0.0.1:${options.ports.next}`,
}
/** Started services, in start order; stopped in reverse dependency order. */
const services = {}
const shutdownController = new AbortController()
let simulation
let stopping
/** The build command in progress, so a Ctrl-C during the build waits for turbo and its tasks to exit. */
let building

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (stopping) {
      // A second Ctrl-C: the user does not want to wait for the flush.
      progress.line(`[demo] ${signal} again: killing everything now`)
      for (const service of Object.values(services)) killGroup(service.pid, 'SIGKILL')
      process.exit(130)
    }
    void stop(`${signal} received`, 0)
  })
}

try {
  await checkPorts()
  if (options.build) await build()
  await startAll()
  await seed()
  printUrls()
  if (options.simulate && !stopping) {
    simulation = startSimulation({
      shops: [
        { name: 'express-shop', kind: 'express', url: local.express },
        { name: 'next-shop', kind: 'next', url: local.next },
      ],
      shoppersPerShop: options.shoppers,
      emulatorUrl: urls.emulator,
      progress,
      signal: shutdownController.signal,
    })
  }
  for (const service of Object.values(services)) watchForCrash(service)
} catch (error) {
  if (!stopping) {
    progress.line(progress.color.red(`[demo] ${error.message}`))
    await stop('startup failed', 1)
  }
}

async function checkPorts() {
  const busy = []
  for (const [name, port] of Object.entries(options.ports)) {
    if (await isListening(port)) busy.push(`${port} (${name}, --${name}-port to change)`)
  }
  if (busy.length > 0) {
    throw new Error(
      `port ${busy.join(' and ')} is already in use: is another demo or shop running? Stop it or pick other ports.`,
    )
  }
}

async function build() {
  const steps = [
    [
      'Building the packages (turbo, cached after the first run)',
      ['--filter=express-shop^...', '--filter=next-shop^...'],
    ],
  ]
  if (!options.dev) {
    steps.push(['Building express-shop (client bundle)', ['--filter=express-shop', '--only']])
    steps.push(['Building next-shop (next build)', ['--filter=next-shop', '--only']])
  }
  for (const [title, filters] of steps) {
    const step = progress.step(title)
    const logFile = join(logDir, 'build.log')
    building = runCommand({
      command: process.execPath,
      args: [TURBO, 'run', 'build', ...filters, '--ui=stream', '--output-logs=new-only'],
      cwd: ROOT,
      env: { ...process.env, TURBO_NO_UPDATE_NOTIFIER: '1', TURBO_TELEMETRY_DISABLED: '1' },
      logFile,
      onLine: step.detail,
      signal: shutdownController.signal,
    })
    const code = await building
    building = undefined
    if (stopping) return
    if (code !== 0) {
      step.fail()
      throw new Error(`build failed (exit ${code}); the end of ${logFile}:\n${tail(logFile)}`)
    }
    step.done()
  }
}

async function startAll() {
  const emulatorUrl = urls.emulator
  const common = { ...process.env, PERSONALIZE_ENDPOINT: emulatorUrl }
  // The shops talk to the emulator: AWS settings from the user's shell must not send demo traffic to AWS.
  for (const key of Object.keys(common)) {
    if (key.startsWith('PERSONALIZE_') && key !== 'PERSONALIZE_ENDPOINT') delete common[key]
  }
  if (options.redis) {
    if (!hasRedisServer())
      throw new Error('--redis needs redis-server on PATH (apt-get install redis-server)')
    const step = progress.step('Starting redis-server (AOF everysec) for the Redis tier')
    const redis = await startRedis({ logDir, onLine: step.detail })
    services.redis = redis.service
    urls.redis = redis.url
    common.PERSONALIZE_REDIS_URL = redis.url
    step.done(redis.url)
  }
  const specs = [
    {
      key: 'emulator',
      title: `Starting the Personalize emulator on ${options.ports.emulator}`,
      command: process.execPath,
      args: [join(ROOT, 'packages/emulator/dist/cli.mjs'), '--port', String(options.ports.emulator)],
      cwd: ROOT,
      env: process.env,
      ready: `${emulatorUrl}/_emulator/health`,
    },
    {
      key: 'express',
      title: `Starting express-shop on ${options.ports.express}${options.dev ? ' (tsx watch)' : ''}`,
      ...(options.dev
        ? {
            command: join(ROOT, 'apps/express-shop/node_modules/.bin/tsx'),
            args: ['watch', '--conditions=@personalize-kit/source', 'src/server.ts'],
          }
        : { command: process.execPath, args: ['--import', 'tsx', 'src/server.ts'] }),
      cwd: join(ROOT, 'apps/express-shop'),
      env: {
        ...common,
        PORT: String(options.ports.express),
        NODE_ENV: options.dev ? 'development' : 'production',
      },
      ready: `${local.express}/healthz`,
    },
    {
      key: 'next',
      title: `Starting next-shop on ${options.ports.next}${options.dev ? ' (next dev)' : ''}`,
      command: join(ROOT, 'apps/next-shop/node_modules/.bin/next'),
      args: [options.dev ? 'dev' : 'start', '-p', String(options.ports.next)],
      cwd: join(ROOT, 'apps/next-shop'),
      env: { ...common, PORT: String(options.ports.next) },
      ready: `${local.next}/`,
    },
  ]
  for (const spec of specs) {
    if (stopping) return
    const step = progress.step(spec.title)
    const service = startService({
      name: spec.key === 'emulator' ? 'emulator' : `${spec.key === 'express' ? 'express' : 'next'}-shop`,
      command: spec.command,
      args: spec.args,
      cwd: spec.cwd,
      env: spec.env,
      logFile: join(logDir, `${spec.key}.log`),
      onLine: step.detail,
    })
    services[spec.key] = service
    try {
      await waitForHttp(spec.ready, { service, timeoutMs: options.dev ? 180_000 : 90_000 })
    } catch (error) {
      step.fail()
      throw new Error(`${error.message}; the end of ${service.logFile}:\n${tail(service.logFile)}`)
    }
    step.done(progress.tty ? '' : `pid ${service.pid}`)
    if (spec.key === 'emulator' && options.redis) {
      for (const name of ['relay-1', 'relay-2']) {
        const relayStep = progress.step(`Starting ${name} (personalize-relay)`)
        services[name] = await startRelay({
          root: ROOT,
          logDir,
          redisUrl: urls.redis,
          emulatorUrl,
          name,
          onLine: relayStep.detail,
        })
        relayStep.done()
      }
    }
  }
}

async function seed() {
  if (stopping) return
  const step = progress.step('Checking the catalogs (putItem by each shop at startup)')
  const [expressIds, nextIds] = await Promise.all([
    waitForCatalog(local.express, urls.emulator),
    waitForCatalog(local.next, urls.emulator),
  ])
  step.done(`${expressIds.length} + ${nextIds.length} items`)
  const users = progress.step('Sending the demo users (putUser)')
  const sent = await sendDemoUsers(ROOT, urls.emulator)
  users.done(`${sent} users`)
}

function printUrls() {
  if (stopping) return
  const { green, dim } = progress.color
  progress.line('')
  progress.line(green(`personalize-kit demo is running (${elapsed(progress.started)})`))
  progress.line(`  Inspector      ${urls.emulator}/   ${dim('the emulator: every record, live')}`)
  progress.line(`  express-shop   ${urls.express}/`)
  progress.line(`  next-shop      ${urls.next}/`)
  if (options.redis) {
    progress.line(
      `  Redis tier     ${urls.redis}   ${dim('two relays; pnpm exec personalize-relay status --url …')}`,
    )
  }
  progress.line(dim(`  Logs           ${logDir}`))
  progress.line('')
  progress.line(
    options.simulate
      ? 'Simulated shoppers are browsing both shops. Press Ctrl-C to stop.'
      : 'Browse a shop and watch the inspector. Press Ctrl-C to stop (pnpm demo --simulate adds shoppers).',
  )
}

function watchForCrash(service) {
  service.exited.then(({ code, signal }) => {
    if (stopping) return
    progress.line(
      progress.color.red(
        `[demo] ${service.name} exited unexpectedly (${signal ?? `code ${code}`}); the end of ${service.logFile}:\n${tail(service.logFile)}`,
      ),
    )
    void stop(`${service.name} exited`, 1)
  })
}

/** Stops everything in order and exits: simulation, then both shops (they flush), then the emulator. */
function stop(reason, exitCode) {
  stopping ??= (async () => {
    progress.clearStatus()
    progress.line(`\n[demo] ${reason}: stopping`)
    shutdownController.abort()
    let code = exitCode
    if (building) {
      const step = progress.step('Stopping the build')
      await building.catch(() => {})
      step.done()
    }
    if (simulation) {
      const step = progress.step('Stopping the simulated shoppers')
      const totals = await simulation.stop()
      step.done(`${totals.visits} visits, ${totals.requests} requests, ${totals.errors} errors`)
      if (totals.lastError) progress.line(`[demo] last simulation error: ${totals.lastError}`)
    }
    const shops = [services.express, services.next].filter(Boolean)
    if (shops.length > 0) {
      const step = progress.step('Stopping the shops (flushing their queued events)')
      const results = await Promise.all(shops.map((service) => service.stop(20_000)))
      const forced = shops.filter((_, i) => results[i].forced).map((s) => s.name)
      if (forced.length > 0) {
        step.fail(`${forced.join(', ')} did not exit in 20 s and was killed`)
        code ||= 1
      } else step.done()
      // express-shop reports what its shutdown flush achieved; show it, since "nothing lost" is the point.
      const flushed = services.express && /flushed: .*/.exec(tail(services.express.logFile, 10))
      if (flushed) progress.line(`[demo] express-shop ${flushed[0]}`)
    }
    if (services.redis) {
      const step = progress.step('Letting the relays deliver the backlog, then stopping them and Redis')
      const backlog = services.redis.running ? await waitForEmptyBacklog(ROOT, urls.redis) : undefined
      for (const name of ['relay-1', 'relay-2']) await services[name]?.stop(15_000)
      await services.redis.stop(10_000)
      step.done(backlog === 0 ? 'backlog empty' : `backlog ${backlog ?? 'unknown'}`)
    }
    if (services.emulator) {
      if (services.emulator.running) await printSummary()
      const step = progress.step('Stopping the emulator')
      const result = await services.emulator.stop(10_000)
      if (result.forced) step.fail('killed')
      else step.done()
    }
    progress.line(`[demo] stopped. Logs: ${logDir}`)
    process.exit(code)
  })()
  return stopping
}

async function printSummary() {
  try {
    const records = await emulatorRecords(urls.emulator)
    if (records.length === 0) return
    const byOperation = {}
    for (const r of records) byOperation[r.operation] = (byOperation[r.operation] ?? 0) + 1
    const parts = Object.entries(byOperation).map(([op, n]) => `${op} ${n}`)
    progress.line(`[demo] the emulator stored ${records.length} records: ${parts.join(', ')}`)
    const windowMs = DEFAULT_FLUSH_INTERVAL_MS
    progress.line(`[demo] ${formatCallEfficiency(callEfficiency(records, windowMs), windowMs)}`)
    if (simulation) {
      const response = await fetch(`${urls.emulator}/_emulator/attribution`, {
        signal: AbortSignal.timeout(10_000),
      })
      if (!response.ok) throw new Error(`/_emulator/attribution answered ${response.status}`)
      progress.line(`[demo] ${formatCtrComparison(attributedCtr(await response.json()), simulation.tally)}`)
    }
  } catch (error) {
    progress.line(`[demo] could not read the emulator's records: ${error.message}`)
  }
}

function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}
