// Checks what publint and attw cannot see in the built package:
// - the client entry starts with 'use client' (line 1), or Next.js treats it as a Server Component module;
// - the browser build of the root entry is the throwing stub, and no client-side file reaches the AWS SDK.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const failures = []
for (const file of ['dist/client.mjs', 'dist/client.cjs']) {
  const firstLine = readFileSync(join(root, file), 'utf8').split('\n', 1)[0]
  if (!/^['"]use client['"];?$/.test(firstLine))
    failures.push(`${file}: line 1 is ${JSON.stringify(firstLine)}`)
}
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const browser = manifest.exports['.'].browser?.default
if (browser !== './dist/server-only-error.mjs')
  failures.push(`exports["."].browser is ${JSON.stringify(browser)}`)
for (const file of ['dist/client.mjs', 'dist/server-only-error.mjs']) {
  const text = readFileSync(join(root, file), 'utf8')
  for (const needle of ['@aws-sdk', '@personalize-kit/core"', 'next/headers', 'next/server']) {
    if (text.includes(needle)) failures.push(`${file} imports ${needle}`)
  }
}
if (failures.length > 0) {
  console.error(`[@personalize-kit/next] dist check failed:\n  ${failures.join('\n  ')}`)
  process.exit(1)
}
console.log('[@personalize-kit/next] dist check passed')
