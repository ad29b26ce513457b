import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The shop's `src/server.ts` running as a real child process, as `pnpm start` runs it. */
export interface SpawnedShop {
  child: ChildProcess
  /** `http://localhost:<port>` as the server printed it. */
  url: string
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string
  /** Resolves with the exit code. */
  exited: Promise<number | null>
}

/**
 * Starts the shop on a free port against `endpoint` with a one-minute flush interval, so events still held at
 * SIGTERM can only leave through the shutdown flush, and resolves once it is listening.
 */
export async function spawnShop(endpoint: string): Promise<SpawnedShop> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@personalize-kit/source', 'src/server.ts'],
    {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, PORT: '0', PERSONALIZE_ENDPOINT: endpoint, SHOP_FLUSH_INTERVAL_MS: '60000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  child.stderr?.on('data', (chunk) => {
    output += chunk
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      output += chunk
      const match = /listening on (http:\/\/localhost:\d+)/.exec(output)
      if (match) resolve(match[1] as string)
    })
    void exited.then((code) => reject(new Error(`server exited early (${code}): ${output}`)))
  })
  return { child, url, output: () => output, exited }
}
