// Checks what publint and attw cannot see in the built package:
// - the client entry starts with 'use client' (line 1), or Next.js treats it as a Server Component module;
// - the browser build of the root entry is the `server-only` stub, with the pointer to the client entry on the line
//   Next.js shows above the import in its build error; no client-side file reaches the AWS SDK.
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
if (browser !== './src/server-only-error.mjs')
  failures.push(`exports["."].browser is ${JSON.stringify(browser)}`)
const stub = readFileSync(join(root, 'src/server-only-error.mjs'), 'utf8').split('\n')
const importLine = stub.indexOf("import 'server-only'")
if (importLine < 1 || !stub[importLine - 1]?.includes("'@personalize-kit/next/client'"))
  failures.push(
    "src/server-only-error.mjs: the line above import 'server-only' must name '@personalize-kit/next/client'",
  )
for (const file of ['dist/client.mjs', 'src/server-only-error.mjs']) {
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
