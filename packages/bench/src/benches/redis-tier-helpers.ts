import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'

/** A `personalize-relay` process from the built bin. */
export async function startRelayProcess(
  root: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ child: ChildProcess; stop(): Promise<string> }> {
  const child = spawn(process.execPath, [join(root, 'packages/redis/dist/cli.mjs'), 'run', ...args], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk) => {
    output += chunk
  })
  child.stderr?.on('data', (chunk) => {
    output += chunk
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const deadline = Date.now() + 20_000
  while (!output.includes(' reading ')) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`personalize-relay did not start:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return {
    child,
    async stop() {
      child.kill('SIGTERM')
      await exited
      return output
    },
  }
}

/** The most arrivals within any one second. */
export function worstSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b)
  let worst = 0
  let start = 0
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) >= 1000) start++
    worst = Math.max(worst, end - start + 1)
  }
  return worst
}
