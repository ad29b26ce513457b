// `next build`, with its output also kept in .next/build-output.log: the end-to-end tests check that nothing
// was recorded (and no clock read) while Next.js prerendered, which only the build's own output can show.
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const appDir = join(import.meta.dirname, '..')
const child = spawn('next', ['build'], { cwd: appDir, stdio: ['ignore', 'pipe', 'pipe'], shell: false })
let output = ''
child.stdout.on('data', (chunk) => {
  output += chunk
  process.stdout.write(chunk)
})
child.stderr.on('data', (chunk) => {
  output += chunk
  process.stderr.write(chunk)
})
child.on('close', (code, signal) => {
  mkdirSync(join(appDir, '.next'), { recursive: true })
  writeFileSync(join(appDir, '.next', 'build-output.log'), output)
  process.exit(code ?? (signal ? 1 : 0))
})
