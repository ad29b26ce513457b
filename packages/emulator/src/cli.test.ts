import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { CliUsageError, parseCliArgs, parseFaultFlag } from './cli-args'

describe('parseCliArgs', () => {
  it('defaults to 127.0.0.1:4599', () => {
    expect(parseCliArgs([])).toEqual({ help: false, options: { port: 4599, host: '127.0.0.1' } })
  })

  it('parses every flag', () => {
    const parsed = parseCliArgs([
      '--port=0',
      '--host',
      '0.0.0.0',
      '--data',
      'x.jsonl',
      '--signature',
      'strict',
      '--credentials',
      'AK:SK',
      '--region',
      'eu-west-1',
      '--seed',
      '9',
      '--fault',
      'throttle,p=0.25',
      '--fault',
      'latency,op=PutItems,ms=200,count=3',
      '--quota',
      'PutEvents=1000',
      '--max-body-bytes',
      '2048',
      '--quiet',
    ])
    expect(parsed).toEqual({
      help: false,
      options: {
        port: 0,
        host: '0.0.0.0',
        data: 'x.jsonl',
        signature: 'strict',
        credentials: { AK: 'SK' },
        region: 'eu-west-1',
        seed: 9,
        faults: [
          { kind: 'throttle', probability: 0.25 },
          { kind: 'latency', operation: 'PutItems', latencyMs: 200, count: 3 },
        ],
        quotas: { PutEvents: 1000 },
        maxBodyBytes: 2048,
        quiet: true,
      },
    })
    expect(parseCliArgs(['-h'])).toEqual({ help: true })
  })

  it('names the bad flag', () => {
    expect(() => parseCliArgs(['--signature', 'loose'])).toThrow(
      "--signature must be off, warn or strict, got 'loose'",
    )
    expect(() => parseCliArgs(['--port', 'abc'])).toThrow(CliUsageError)
    expect(() => parseCliArgs(['--quota', 'GetRecs=1'])).toThrow(
      /--quota 'GetRecs=1': operation must be one of/,
    )
    expect(() => parseCliArgs(['--credentials', 'nocolon'])).toThrow(/ACCESS_KEY_ID:SECRET/)
    expect(() => parseFaultFlag('throttle,x=1')).toThrow("unknown setting 'x'")
    expect(() => parseCliArgs(['--bogus'])).toThrow(CliUsageError)
    expect(() => parseCliArgs(['--max-records', '0'])).toThrow(/--max-records must be an integer >= 1/)
  })

  it('parses the runtime flags and refuses bad resources and filters at start, naming the part', () => {
    const campaign = 'arn:aws:personalize:us-east-1:000000000000:campaign/sims'
    const filter = 'arn:aws:personalize:us-east-1:000000000000:filter/no-buys'
    const parsed = parseCliArgs([
      '--runtime-resource',
      `${campaign}=related-items`,
      '--runtime-filter',
      `${filter}=EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("purchase")`,
      '--no-runtime-defaults',
      '--max-records',
      '10',
    ])
    expect(parsed).toEqual({
      help: false,
      options: {
        port: 4599,
        host: '127.0.0.1',
        maxRecords: 10,
        runtime: {
          defaults: false,
          resources: [{ arn: campaign, kind: 'related-items' }],
          filters: [
            { arn: filter, expression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("purchase")' },
          ],
        },
      },
    })
    expect(() => parseCliArgs(['--runtime-resource', `${campaign}=sims`])).toThrow(/kind must be one of/)
    expect(() =>
      parseCliArgs(['--runtime-filter', `${filter}=EXCLUDE ItemID WHERE Items.PRICE > 10`]),
    ).toThrow(/'>': only IN and NOT IN are supported/)
    expect(() => parseCliArgs(['--runtime-resource', 'nope'])).toThrow(/<arn>=<value>/)
  })
})

describe('personalize-emulator process', () => {
  it('prints its URL and client settings, serves, and exits 0 on SIGTERM', async () => {
    const cli = fileURLToPath(new URL('./cli.ts', import.meta.url))
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--seed', '1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.setEncoding('utf8')
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        out += chunk
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
        if (m && out.includes('Press Ctrl+C')) resolve(m[1] as string)
      })
      child.on('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)))
    })
    expect(out).toContain(`endpoint: '${url}'`)
    expect(out).toContain(`endpoint_url='${url}'`)
    expect(out).toContain(`--endpoint-url ${url}`)
    const res = await fetch(`${url}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ trackingId: 't', sessionId: 's', eventList: [{ eventType: 'a', sentAt: 1 }] }),
    })
    expect(res.status).toBe(200)
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    // Let the request log line reach stdout before stopping.
    await new Promise((r) => setTimeout(r, 50))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(out).toMatch(/PutEvents 200 records=1/)
    expect(out).toContain('SIGTERM received, stopping')
  })
})
