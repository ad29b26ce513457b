import { spawn, spawnSync } from 'node:child_process'

/**
 * Which external clients (boto3, the AWS CLI) are installed. They are optional on developer machines: each suite
 * runs only where its client is installed, and says so when it is skipped.
 */
export function detectExternalClients(suite: string): { hasBoto3: boolean; hasAwsCli: boolean } {
  const hasBoto3 = spawnSync('python3', ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0
  const hasAwsCli = spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0
  if (!hasBoto3)
    console.warn(`[@personalize-kit/emulator] boto3 not installed: skipping the boto3 ${suite} tests`)
  if (!hasAwsCli)
    console.warn(`[@personalize-kit/emulator] aws CLI not installed: skipping the AWS CLI ${suite} tests`)
  return { hasBoto3, hasAwsCli }
}

// Test credentials, and no profile, instance metadata or pager from the machine the tests run on.
const CLIENT_ENV = {
  ...process.env,
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_PAGER: '',
}

/** Runs an external client. Async: spawnSync would block the event loop that serves the in-process emulator. */
export function runClient(
  cmd: string,
  args: string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: CLIENT_ENV, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c))
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
    child.on('error', reject)
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
}
