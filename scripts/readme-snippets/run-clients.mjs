// Runs the root README's boto3 (```python) and AWS CLI (```sh title="emulator-cli.sh") blocks against a real
// emulator on a free port and checks that each one's event was stored. A client that is not installed is skipped
// (and said so), as the emulator's own tests do.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { extractBlocks } from './extract.mjs'

const ENV = {
  ...process.env,
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_PAGER: '',
}

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.setEncoding('utf8').on('data', (c) => (output += c))
    child.stderr.setEncoding('utf8').on('data', (c) => (output += c))
    child.on('error', (error) => resolve({ status: 127, output: error.message }))
    child.on('close', (status) => resolve({ status, output }))
  })
}

/** Returns `{ problems, summary }`. */
export async function runEmulatorClientBlocks(root, markdown) {
  const blocks = extractBlocks(markdown)
  const python = blocks.find((b) => b.lang === 'python' && b.code.includes('personalize-events'))
  const cli = blocks.find((b) => b.lang === 'sh' && b.code.includes('aws personalize-events'))
  const problems = []
  if (!python) problems.push('README.md: the boto3 block of "The emulator with other clients" is missing')
  if (!cli) problems.push('README.md: the AWS CLI block of "The emulator with other clients" is missing')
  if (problems.length > 0) return { problems, summary: '' }

  const hasBoto3 = spawnSync('python3', ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0
  const hasCli = spawnSync('aws', ['--version'], { stdio: 'ignore', env: ENV }).status === 0
  if (!hasBoto3 && !hasCli)
    return { problems, summary: 'boto3 and the AWS CLI are not installed: their blocks were not run' }

  const entry = join(root, 'packages/emulator/dist/index.mjs')
  if (!existsSync(entry)) return { problems: [`${entry} is missing: run pnpm build first`], summary: '' }
  const { startEmulator } = await import(pathToFileURL(entry).href)
  // strict: the clients' signatures must verify, as they would against AWS.
  const emulator = await startEmulator({ port: 0, signature: 'strict', quiet: true })
  const withUrl = (code) => code.replaceAll('http://127.0.0.1:4599', emulator.url)
  const ran = []
  try {
    for (const [name, available, block, cmd, args] of [
      ['boto3', hasBoto3, python, 'python3', (code) => ['-c', code]],
      ['AWS CLI', hasCli, cli, 'bash', (code) => ['-c', code]],
    ]) {
      if (!available) {
        ran.push(`${name} not installed (block not run)`)
        continue
      }
      emulator.reset()
      // Async spawn: the emulator serves from this process's event loop.
      const result = await run(cmd, args(withUrl(block.code)))
      const stored = emulator.records({ operation: 'PutEvents' })
      if (result.status !== 0 || stored.length !== 1) {
        problems.push(
          `README.md:${block.line}: the ${name} block failed against the emulator (exit ${result.status}, ${stored.length} events stored): ${result.output.trim().slice(0, 500)}`,
        )
      } else ran.push(`${name} block ran`)
    }
  } finally {
    await emulator.stop()
  }
  return { problems, summary: ran.join(', ') }
}
