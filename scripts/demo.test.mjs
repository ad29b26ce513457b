// `pnpm demo --simulate` end to end, as a newcomer runs it: builds (turbo, cached after earlier steps), starts
// the emulator and both shops, lets the simulated shoppers run until the emulator holds events from both shops
// (including an anonymous session that signed in), then presses Ctrl-C and checks that everything stopped:
// exit code 0, no process left in any child's process group, no port still listening, nothing dead-lettered.
// Run: node --test scripts/demo.test.mjs
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { groupAlive, isListening, killGroup } from './demo/processes.mjs'
import { emulatorRecords, productIdsIn } from './demo/seed.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** Three distinct free ports, so the test never collides with a demo or shop someone is running. */
async function freePorts(count) {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise((resolve) => {
          const server = createServer()
          server.listen(0, '127.0.0.1', () => resolve(server))
        }),
    ),
  )
  const ports = servers.map((s) => s.address().port)
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))))
  return ports
}

async function until(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  let last
  while (Date.now() < deadline) {
    try {
      const value = await check()
      if (value) return value
    } catch (error) {
      last = error
    }
    await sleep(500)
  }
  throw new Error(
    `timed out after ${timeoutMs / 1000}s waiting for ${what}${last ? ` (${last.message})` : ''}`,
  )
}

test('pnpm demo --simulate fills the emulator from both shops and Ctrl-C stops everything', {
  timeout: 240_000,
}, async (t) => {
  const [emulatorPort, expressPort, nextPort] = await freePorts(3)
  // Its own process group, like a shell job: Ctrl-C in a terminal signals the whole foreground group.
  const demo = spawn(
    process.execPath,
    [
      'scripts/demo.mjs',
      '--simulate',
      '--shoppers',
      '2',
      '--emulator-port',
      String(emulatorPort),
      '--express-port',
      String(expressPort),
      '--next-port',
      String(nextPort),
    ],
    {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0' },
    },
  )
  let output = ''
  demo.stdout.setEncoding('utf8').on('data', (c) => (output += c))
  demo.stderr.setEncoding('utf8').on('data', (c) => (output += c))
  const exited = new Promise((resolve) => demo.once('close', (code, signal) => resolve({ code, signal })))
  const childPids = () => [...output.matchAll(/✔ Starting .* pid (\d+)/g)].map((m) => Number(m[1]))
  t.after(() => {
    for (const pid of childPids()) killGroup(pid, 'SIGKILL')
    killGroup(demo.pid, 'SIGKILL')
  })

  try {
    await until(
      'the demo to print its URLs',
      () => output.includes('personalize-kit demo is running'),
      180_000,
    )
  } catch (error) {
    throw new Error(`${error.message}\n--- demo output ---\n${output}`)
  }
  assert.match(output, new RegExp(`Inspector +http://127\\.0\\.0\\.1:${emulatorPort}/`))
  assert.match(output, new RegExp(`express-shop +http://localhost:${expressPort}/`))
  assert.match(output, new RegExp(`next-shop +http://localhost:${nextPort}/`))
  assert.equal(childPids().length, 3, output)

  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`
  const catalog = async (port) => productIdsIn(await (await fetch(`http://127.0.0.1:${port}/`)).text())
  const expressIds = new Set(await catalog(expressPort))
  const nextIds = new Set(await catalog(nextPort))
  assert.ok(expressIds.size > 0 && nextIds.size > 0)

  const users = await emulatorRecords(emulatorUrl, { operation: 'PutUsers' })
  assert.deepEqual(users.map((u) => u.userId).sort(), ['user-alice', 'user-bob'])
  const items = new Set((await emulatorRecords(emulatorUrl, { operation: 'PutItems' })).map((r) => r.itemId))
  for (const id of [...expressIds, ...nextIds]) assert.ok(items.has(id), `putItem ${id} reached the emulator`)

  const events = await until(
    'events from both shops and an anonymous session that signed in',
    async () => {
      const records = await emulatorRecords(emulatorUrl, { operation: 'PutEvents' })
      const fromExpress = records.filter((r) => expressIds.has(r.itemId))
      const fromNext = records.filter((r) => nextIds.has(r.itemId))
      const types = (list) => new Set(list.map((r) => r.eventType))
      const anonymousSessions = new Set(records.filter((r) => !r.userId).map((r) => r.sessionId))
      const signedInLater = records.some((r) => r.userId && anonymousSessions.has(r.sessionId))
      // Clicks come from the collector, views and purchases from the server (a Server Action on next-shop).
      const ok =
        ['click', 'view', 'purchase'].every((type) => types(fromExpress).has(type)) &&
        ['click', 'view', 'purchase'].every((type) => types(fromNext).has(type)) &&
        records.some((r) => r.eventType === 'impression') &&
        signedInLater
      return ok && records
    },
    90_000,
  )
  assert.ok(events.length > 0)

  killGroup(demo.pid, 'SIGINT')
  const { code, signal } = await Promise.race([
    exited,
    sleep(60_000, undefined, { ref: false }).then(() => ({ code: 'timeout', signal: null })),
  ])
  assert.equal(code, 0, `demo exit (${signal ?? code})\n${output}`)
  assert.match(output, /the emulator stored \d+ records/)
  const efficiency = /PutEvents: \d+ records in \d+ calls, .* \((\d+) % of it\)/.exec(output)
  assert.ok(efficiency, output)
  console.log(`# ${efficiency[0]}`)
  // The click-through comparison the summary prints: attributed CTR on recommended items against random lists drawn
  // from the same candidates. Printed, not asserted: a short run's figure is noisy.
  const lift =
    /recommendations: click-through rate [\d.]+ % .* would get [\d.]+ % with the same shoppers(?: \([\d.]+x\))?/.exec(
      output,
    )
  assert.ok(lift, output)
  console.log(`# ${lift[0]}`)
  assert.match(
    output,
    /Stopping the simulated shoppers \([\d.]+s\) \d+ visits, \d+ requests, 0 errors/,
    output,
  )
  for (const pid of childPids()) assert.equal(groupAlive(pid), false, `process group ${pid} is gone`)
  for (const port of [emulatorPort, expressPort, nextPort]) {
    assert.equal(await isListening(port), false, `nothing listens on ${port} any more`)
  }
  // express-shop logs what its shutdown flush achieved: nothing may be left behind.
  const logDir = /Logs +(\S+)/.exec(output)?.[1]
  assert.ok(logDir, output)
  const expressLog = readFileSync(join(logDir, 'express.log'), 'utf8')
  assert.match(expressLog, /flushed: \d+ delivered, 0 dead-lettered, 0 pending/)
})
