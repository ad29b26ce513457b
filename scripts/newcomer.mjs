#!/usr/bin/env node
// The newcomer test (issue 14): what a new user does in their first hour, outside this monorepo. Packs the public
// packages, installs them with npm (plus Express, Next and React from the registry) into fresh apps, follows the
// READMEs as written, starts the emulator with npx, drives requests and checks that each event arrives exactly
// once. Express runs on the newest and first 5 and 4 the peer range claims (collector, autoTrack, SIGTERM shutdown). Needs `pnpm build` first.
// Arguments select the parts: `express`, `next` (default both).
import { fileURLToPath } from 'node:url'
import { runExpress } from './newcomer/express-app.mjs'
import { packAll } from './packaging/pack.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const parts = process.argv.slice(2).length ? process.argv.slice(2) : ['express', 'next']
const tarballs = packAll(ROOT)
const problems = []
if (parts.includes('express')) problems.push(...(await runExpress({ root: ROOT, tarballs })))
if (parts.includes('next')) {
  const { runNext } = await import('./newcomer/next-app.mjs')
  problems.push(...(await runNext({ root: ROOT, tarballs })))
}
if (problems.length) {
  console.error(`[newcomer] ${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join('\n')}`)
  process.exit(1)
}
console.log(`[newcomer] ${parts.join(' and ')}: every event arrived exactly once`)
