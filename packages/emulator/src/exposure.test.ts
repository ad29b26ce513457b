import { type ChildProcess, spawn } from 'node:child_process'
import { connect } from 'node:net'
import { networkInterfaces } from 'node:os'
import { fileURLToPath } from 'node:url'
import { PersonalizeEventsClient, PutEventsCommand } from '@aws-sdk/client-personalize-events'
import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator } from './start-emulator'
import type { Emulator } from './types'

const running: Emulator[] = []
const children: ChildProcess[] = []
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
  await Promise.all(running.splice(0).map((e) => e.stop()))
})

/** An address of this machine that other machines could reach, if it has one. */
function externalAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) if (!info.internal && info.family === 'IPv4') return info.address
  }
  return undefined
}

/** Resolves 'connected' or the connection error code. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    socket.setTimeout(2000, () => {
      socket.destroy()
      resolve('timeout')
    })
    socket.once('connect', () => {
      socket.destroy()
      resolve('connected')
    })
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'))
  })
}

describe('the emulator is not exposed to the network by default', () => {
  it('startEmulator() binds loopback only', async () => {
    const emulator = await startEmulator({ port: 0, quiet: true })
    running.push(emulator)
    expect(new URL(emulator.url).hostname).toBe('127.0.0.1')
    expect(await tryConnect('127.0.0.1', emulator.port)).toBe('connected')
    const external = externalAddress()
    if (external !== undefined) expect(await tryConnect(external, emulator.port)).not.toBe('connected')
  })
})

const KEY = { accessKeyId: 'AKIDSTRICT', secretAccessKey: 'strict-secret' }
const event = { trackingId: 't', sessionId: 's', eventList: [{ eventType: 'click', sentAt: 1_767_323_045 }] }

async function startCli(args: string[]): Promise<{ url: string; output: () => string }> {
  const cli = fileURLToPath(new URL('./cli.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let out = ''
  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => {
    out += chunk
  })
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      out += chunk
      const match = /listening on (http:\/\/[^\s]+:\d+)/.exec(out)
      if (match) resolve(match[1] as string)
    })
    child.once('exit', (code) => reject(new Error(`emulator exited early (${code}): ${out}`)))
  })
  return { url, output: () => out }
}

function sdk(url: string, credentials: { accessKeyId: string; secretAccessKey: string }) {
  return new PersonalizeEventsClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 })
}

async function stored(url: string): Promise<number> {
  const response = await fetch(`${url}/_emulator/records`)
  return ((await response.json()) as { count: number }).count
}

describe('personalize-emulator --signature strict', () => {
  it('listens on 127.0.0.1 and refuses unsigned, mis-signed and wrong-key requests, storing nothing', async () => {
    const { url } = await startCli([
      '--signature',
      'strict',
      '--credentials',
      `${KEY.accessKeyId}:${KEY.secretAccessKey}`,
    ])
    expect(new URL(url).hostname).toBe('127.0.0.1')

    // Unsigned: a plain POST with a valid body.
    const unsigned = await fetch(`${url}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
    })
    expect(unsigned.status).toBe(403)
    expect(unsigned.headers.get('x-amzn-errortype') ?? (await unsigned.clone().text())).toMatch(
      /MissingAuthenticationToken/,
    )

    // Wrong key: an access key id the emulator does not know.
    const wrongKey = await sdk(url, { accessKeyId: 'AKIDOTHER', secretAccessKey: KEY.secretAccessKey })
      .send(new PutEventsCommand({ ...event, eventList: [{ eventType: 'click', sentAt: new Date() }] }))
      .catch((error: Error & { $metadata?: { httpStatusCode?: number } }) => error)
    expect(wrongKey).toMatchObject({
      name: 'UnrecognizedClientException',
      $metadata: { httpStatusCode: 403 },
    })

    // Mis-signed: the right key id with the wrong secret.
    const wrongSecret = await sdk(url, { accessKeyId: KEY.accessKeyId, secretAccessKey: 'guessed' })
      .send(new PutEventsCommand({ ...event, eventList: [{ eventType: 'click', sentAt: new Date() }] }))
      .catch((error: Error & { $metadata?: { httpStatusCode?: number } }) => error)
    expect(wrongSecret).toMatchObject({
      name: 'InvalidSignatureException',
      $metadata: { httpStatusCode: 403 },
    })

    // Mis-signed: a correctly signed request whose body was changed in transit.
    const tampering = sdk(url, KEY)
    tampering.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { body: unknown; headers: Record<string, string> }
        request.body = JSON.stringify({ ...event, sessionId: 'forged-session' })
        request.headers['content-length'] = String(Buffer.byteLength(request.body as string))
        return next(args)
      },
      // The deserialize step sees the request after signing, just before it is sent.
      { step: 'deserialize', name: 'tamperAfterSigning' },
    )
    const tampered = await tampering
      .send(new PutEventsCommand({ ...event, eventList: [{ eventType: 'click', sentAt: new Date() }] }))
      .catch((error: Error & { $metadata?: { httpStatusCode?: number } }) => error)
    expect(tampered).toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 403 } })

    expect(await stored(url)).toBe(0)

    // The right key pair still gets through, so the refusals above are about the signatures.
    await sdk(url, KEY).send(
      new PutEventsCommand({ ...event, eventList: [{ eventType: 'click', sentAt: new Date() }] }),
    )
    expect(await stored(url)).toBe(1)
  })
})
