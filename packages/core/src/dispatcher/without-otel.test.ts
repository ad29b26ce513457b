import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { type Harness, startHarness } from './harness.test.helpers'

const run = promisify(execFile)
// tsx's loader in this very process (its CLI would start another one, without the preload).
const tsxLoader = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href
const dispatcherModule = fileURLToPath(new URL('./create-dispatcher.ts', import.meta.url))

let h: Harness
let dir: string | undefined
afterEach(async () => {
  await h.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('@opentelemetry/api is an optional peer dependency', () => {
  it('a dispatcher delivers when the package cannot be resolved at all', async () => {
    h = await startHarness()
    dir = mkdtempSync(join(tmpdir(), 'pk-no-otel-'))
    // As if it were not installed: every resolution of the package, by require() or import, fails the way a
    // missing one does.
    const hooks = join(dir, 'no-otel-hooks.mjs')
    writeFileSync(
      hooks,
      `export async function resolve(specifier, context, next) {
         if (specifier === '@opentelemetry/api' || specifier.startsWith('@opentelemetry/api/')) {
           throw Object.assign(new Error("Cannot find package '" + specifier + "'"), { code: 'ERR_MODULE_NOT_FOUND' })
         }
         return next(specifier, context)
       }`,
    )
    const register = join(dir, 'no-otel-register.mjs')
    writeFileSync(
      register,
      `import { register } from 'node:module'\nregister(${JSON.stringify(pathToFileURL(hooks).href)})\n`,
    )
    const preload = join(dir, 'no-otel.cjs')
    writeFileSync(
      preload,
      `const Module = require('node:module')
       const resolve = Module._resolveFilename
       Module._resolveFilename = function (request, ...rest) {
         if (request === '@opentelemetry/api' || request.startsWith('@opentelemetry/api/')) {
           throw Object.assign(new Error("Cannot find module '" + request + "'"), { code: 'MODULE_NOT_FOUND' })
         }
         return resolve.call(this, request, ...rest)
       }`,
    )
    const script = `
      const { createRequire } = await import('node:module')
      let resolvable = 0
      try { createRequire(import.meta.url)('@opentelemetry/api'); resolvable++ } catch {}
      try { await import('@opentelemetry/api'); resolvable++ } catch {}
      const { createDispatcher } = await import(${JSON.stringify(dispatcherModule)})
      const d = createDispatcher({
        trackingId: 'tid',
        clientConfig: { endpoint: ${JSON.stringify(h.emulator.url)}, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } },
      })
      for (let i = 0; i < 3; i++) d.recordEvent({ sessionId: 's', eventType: 'view' })
      console.log(JSON.stringify({ resolvable, report: await d.close() }))
    `
    const { stdout } = await run(
      process.execPath,
      [
        '--require',
        preload,
        '--import',
        pathToFileURL(register).href,
        '--import',
        tsxLoader,
        '--input-type=module',
        '-e',
        script,
      ],
      { cwd: dir, timeout: 60_000 },
    )
    const result = JSON.parse(stdout.trim().split('\n').at(-1) as string)
    expect(result.resolvable).toBe(0)
    expect(result.report).toMatchObject({ delivered: 3, deadLettered: 0 })
    expect(h.emulator.records()).toHaveLength(3)
  })
})
