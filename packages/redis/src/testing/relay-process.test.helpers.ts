import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const CLI = fileURLToPath(new URL('../cli/main.ts', import.meta.url))

/** A `personalize-relay` process (the real bin, from source) that a test can SIGKILL. */
export interface RelayProcess {
  child: ChildProcess
  output(): string
  /** SIGTERM and wait for a graceful exit; resolves with the exit code. */
  stop(): Promise<number | null>
  kill(): Promise<void>
}

/** Starts `personalize-relay run` against Redis and the emulator; resolves once it logged that it is reading. */
export async function spawnRelay(options: {
  redisUrl: string
  stream: string
  endpoint: string
  args?: string[]
  env?: Record<string, string>
}): Promise<RelayProcess> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@personalize-kit/source',
      '--import',
      'tsx',
      CLI,
      'run',
      '--url',
      options.redisUrl,
      '--stream',
      options.stream,
      ...(options.args ?? []),
    ],
    {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: {
        ...process.env,
        PERSONALIZE_TRACKING_ID: '',
        PERSONALIZE_ENDPOINT: options.endpoint,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  child.stdout?.on('data', (chunk) => {
    output += chunk
  })
  child.stderr?.on('data', (chunk) => {
    output += chunk
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const deadline = Date.now() + 20_000
  while (!output.includes(' reading ')) {
    if (child.exitCode !== null) throw new Error(`personalize-relay exited (${child.exitCode}):\n${output}`)
    if (Date.now() > deadline) throw new Error(`personalize-relay did not start within 20 s:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return child.exitCode
      child.kill('SIGTERM')
      return exited
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGKILL')
      await exited
    },
  }
}
