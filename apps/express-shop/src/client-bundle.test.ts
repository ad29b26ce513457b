import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createDispatcher, dispatcherOptionsFromEnv } from '@personalize-kit/core'
import { type Emulator, startEmulator } from '@personalize-kit/emulator'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createShopApp } from './create-shop-app'

const APP_DIR = fileURLToPath(new URL('..', import.meta.url))
const PUBLIC_DIR = join(APP_DIR, 'public')
// Canary credentials: set in the environment of the build and of the server, so any route by which a server
// secret could reach the browser (a `define`, an inlined env read, a rendered config blob) shows up as this text.
const CANARY = {
  AWS_ACCESS_KEY_ID: 'AKIACANARY0000000000',
  AWS_SECRET_ACCESS_KEY: 'canary-secret-access-key-do-not-ship',
  AWS_SESSION_TOKEN: 'canary-session-token-do-not-ship',
}
/** Text that only the AWS SDK, SigV4 signing or server credentials would put in a file. */
const FORBIDDEN = [
  '@aws-sdk',
  '@smithy',
  'PersonalizeEventsClient',
  'PutEventsCommand',
  'aws4_request',
  'AWS4-HMAC-SHA256',
  'x-amz-security-token',
  'secretAccessKey',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  ...Object.values(CANARY),
]

function leaks(name: string, text: string): string[] {
  const found = FORBIDDEN.filter((needle) => text.includes(needle)).map((needle) => `${name}: ${needle}`)
  const key = /AKIA[0-9A-Z]{16}/.exec(text)
  if (key) found.push(`${name}: access key id ${key[0]}`)
  return found
}

describe('what the browser gets from express-shop', () => {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, quiet: true })
  })
  afterAll(() => emulator.stop())

  it('the esbuild client bundle (and the fallback tracker) hold no AWS SDK code and no credentials', () => {
    const build = spawnSync(process.execPath, ['build.mjs'], {
      cwd: APP_DIR,
      env: { ...process.env, ...CANARY },
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(build.status, build.stderr).toBe(0)

    const files = readdirSync(PUBLIC_DIR).filter((name) => /\.(js|mjs|map)$/.test(name))
    expect(files).toEqual(expect.arrayContaining(['client.js', 'client.js.map', 'tracker.js']))
    const found = files.flatMap((name) => leaks(name, readFileSync(join(PUBLIC_DIR, name), 'utf8')))
    expect(found).toEqual([])

    // The source map names every module in the bundle: browser code only, nothing from the server side of core.
    const sources = (
      JSON.parse(readFileSync(join(PUBLIC_DIR, 'client.js.map'), 'utf8')) as { sources: string[] }
    ).sources
    expect(sources.length).toBeGreaterThan(0)
    const serverModules = sources.filter((source) =>
      /@aws-sdk|@smithy|core\/src\/(dispatcher|collector|node)\/|emulator|node:|express\//.test(source),
    )
    expect(serverModules).toEqual([])
  }, 150_000)

  it('the rendered pages carry no credentials or server configuration', async () => {
    const env = {
      ...CANARY,
      PERSONALIZE_TRACKING_ID: 'canary-tracking-id',
      PERSONALIZE_ENDPOINT: emulator.url,
      PERSONALIZE_ITEMS_DATASET_ARN: 'arn:aws:personalize:us-east-1:123456789012:dataset/canary/ITEMS',
      PERSONALIZE_USERS_DATASET_ARN: 'arn:aws:personalize:us-east-1:123456789012:dataset/canary/USERS',
      SHOP_SECRET: 'canary-shop-secret',
    }
    const options = dispatcherOptionsFromEnv(env)
    const dispatcher = createDispatcher({
      ...options,
      clientConfig: {
        ...options.clientConfig,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      },
      flushIntervalMs: 60_000,
      // Only the rendered HTML matters here; what the dispatcher holds is dropped at close without noise.
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    })
    const shop = createShopApp({ dispatcher, env })
    try {
      const agent = request.agent(shop.app)
      const pages = ['/', '/products/sku-espresso', '/cart', '/signin', '/signup']
      for (const path of pages) {
        const response = await agent.get(path).set('host', 'shop.test')
        expect(response.status, path).toBe(200)
        const text = response.text
        expect(leaks(path, text)).toEqual([])
        expect(text).not.toContain('canary-tracking-id')
        expect(text).not.toContain('canary-shop-secret')
        expect(text).not.toContain(emulator.url)
        expect(text).not.toContain('dataset/canary')
      }
    } finally {
      await shop.personalize.close({ timeoutMs: 1000 })
    }
  })
})
