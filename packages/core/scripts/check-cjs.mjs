// Proves the CommonJS build loads where `require()` cannot load ES modules (Node 20.9 to 20.18): p-queue is
// ESM-only, so the CJS output must carry its own copy. Run after `pnpm build`.
import { execFileSync } from 'node:child_process'

const flag = '--no-experimental-require-module'
const args = process.allowedNodeEnvironmentFlags.has(flag) ? [flag] : []
const probe = `
const core = require('./dist/index.cjs')
const d = core.createDispatcher({ trackingId: 't', clientConfig: { region: 'us-east-1' } })
if (typeof d.recordEvent !== 'function') throw new Error('createDispatcher did not return a dispatcher')
d.close({ timeoutMs: 0 })
`
execFileSync(process.execPath, [...args, '-e', probe], { stdio: ['ignore', 'inherit', 'pipe'] })
console.log(`dist/index.cjs loads with require()${args.length ? ` under ${flag}` : ''}`)
