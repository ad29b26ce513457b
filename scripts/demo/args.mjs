// Command line of `pnpm demo`.
import { parseArgs } from 'node:util'

export const DEMO_HELP = `pnpm demo — the emulator, express-shop and next-shop, with events flowing into the inspector

Usage: pnpm demo [options]

  --simulate            Also run a population of scripted shoppers against both shops (real HTTP: browsing,
                        clicks and impressions posted to the collectors, carts, purchases, anonymous visitors
                        who sign in later)
  --shoppers <n>        Concurrent simulated shoppers per shop (default 3)
  --redis               Send through the Redis tier: a redis-server (needs redis-server on PATH) and two
                        personalize-relay processes between the shops and the emulator
  --dev                 Run the shops' dev servers (tsx watch, next dev) instead of production builds
  --no-build            Skip the build steps (use what an earlier build left)
  --emulator-port <n>   Default 4599
  --express-port <n>    Default 3001
  --next-port <n>       Default 3002
  -h, --help            Show this help

Ctrl-C stops the shops (they flush their queued events first), then the emulator.`

/** Thrown for a bad flag; the demo prints it with the help text and exits with status 2. */
export class DemoUsageError extends Error {
  code = 'DEMO_USAGE'
}

function port(name, value, fallback) {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new DemoUsageError(`--${name} must be a port number (1-65535), got '${value}'`)
  return n
}

/** Parses the demo's argv into options; throws {@link DemoUsageError} naming the bad flag. */
export function parseDemoArgs(argv) {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        simulate: { type: 'boolean', default: false },
        redis: { type: 'boolean', default: false },
        shoppers: { type: 'string' },
        dev: { type: 'boolean', default: false },
        'no-build': { type: 'boolean', default: false },
        'emulator-port': { type: 'string' },
        'express-port': { type: 'string' },
        'next-port': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }))
  } catch (error) {
    throw new DemoUsageError(error.message)
  }
  const shoppers = values.shoppers === undefined ? 3 : Number(values.shoppers)
  if (!Number.isInteger(shoppers) || shoppers < 1 || shoppers > 50)
    throw new DemoUsageError(`--shoppers must be an integer from 1 to 50, got '${values.shoppers}'`)
  const ports = {
    emulator: port('emulator-port', values['emulator-port'], 4599),
    express: port('express-port', values['express-port'], 3001),
    next: port('next-port', values['next-port'], 3002),
  }
  if (new Set(Object.values(ports)).size !== 3)
    throw new DemoUsageError('--emulator-port, --express-port and --next-port must differ')
  return {
    help: values.help,
    simulate: values.simulate,
    redis: values.redis,
    shoppers,
    dev: values.dev,
    build: !values['no-build'],
    ports,
  }
}
