// The Express half of the newcomer test: a fresh folder, `npm install` as the root README says (our packages from
// their tarballs, Express from the registry at the major under test), the README's server.ts as written, the
// emulator started with npx, then a visitor's requests and SIGTERM.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { extractBlocks } from '../readme-snippets/extract.mjs'
import { installedPackageNames } from '../readme-snippets/install-lines.mjs'
import { postClick, storedEventProblems } from './checks.mjs'
import { freePort, start, startEmulator, stop, waitForHttp } from './processes.mjs'

const LOG = '[newcomer:express]'

/** The Express section of the root README: its install line's package names and its server.ts block. */
export function expressQuickStart(readme) {
  const section = readme.slice(readme.indexOf('### Express'), readme.indexOf('### Next.js'))
  const blocks = extractBlocks(section)
  const install = blocks.find((b) => b.lang === 'sh' && installedPackageNames(b.code).length)
  const server = blocks.find((b) => /title="server\.ts"/.test(b.meta))
  if (!install || !server) throw new Error('the root README has no Express install line or server.ts block')
  return { packages: installedPackageNames(install.code), server: server.code }
}

/** npm install arguments: our packages as tarballs (with the ones they depend on), the rest from the registry. */
export function installArgs(packages, tarballs, pins = {}) {
  const args = new Set()
  for (const name of packages) {
    if (name.startsWith('@personalize-kit/')) {
      for (const [ours, { tarball }] of tarballs)
        if (ours === name || dependsOn(tarballs, name, ours)) args.add(tarball)
    } else args.add(pins[name] ? `${name}@${pins[name]}` : name)
  }
  return [...args]
}

function dependsOn(tarballs, from, name, seen = new Set()) {
  if (seen.has(from)) return false
  seen.add(from)
  const deps = Object.keys(tarballs.get(from)?.manifest.dependencies ?? {}).filter((d) => tarballs.has(d))
  return deps.includes(name) || deps.some((d) => dependsOn(tarballs, d, name, seen))
}

/**
 * Runs the quick start on each end of the Express lines the peer range claims (`^4.21.0 || ^5.0.0`): the newest
 * and the first release of each. Returns the problems found (empty when every event arrived once).
 */
export async function runExpress({ root, tarballs, majors = ['5', '5.0.0', '4', '4.21.0'] }) {
  const { packages, server } = expressQuickStart(readFileSync(join(root, 'README.md'), 'utf8'))
  const dir = mkdtempSync(join(tmpdir(), 'pk-newcomer-express-'))
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'my-shop', private: true, type: 'module' }, null, 2),
  )
  const problems = []
  const npm = (args) =>
    execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dir,
      stdio: 'inherit',
    })
  // The emulator as the README starts it, and tsx to run server.ts (what a TypeScript newcomer reaches for).
  npm(['install', '-D', ...installArgs(['@personalize-kit/emulator'], tarballs), 'tsx'])
  for (const major of majors) {
    npm(['install', ...installArgs(packages, tarballs, { express: major })])
    const version = JSON.parse(readFileSync(join(dir, 'node_modules/express/package.json'), 'utf8')).version
    console.log(`${LOG} Express ${version}`)
    const port = await freePort()
    // Only the port changes; placeOrder is the reader's own code, which the README declares.
    writeFileSync(
      join(dir, 'server.ts'),
      `${server.replace('app.listen(3000)', `app.listen(${port})`)}\nfunction placeOrder(req: express.Request) {\n  return { id: 'order-1', itemId: String(req.body.itemId) }\n}\n`,
    )
    problems.push(...(await visit({ dir, port, label: `Express ${version}` })))
  }
  return problems
}

async function visit({ dir, port, label }) {
  const { proc: emulator, url: emulatorUrl } = startEmulator(dir, await freePort())
  // Run by node itself (tsx as a loader), so SIGTERM reaches the server and its exit code is the app's.
  const app = start(label, 'node', ['--import', 'tsx', 'server.ts'], {
    cwd: dir,
    env: { PERSONALIZE_ENDPOINT: emulatorUrl },
  })
  const base = `http://127.0.0.1:${port}`
  const problems = []
  try {
    await waitForHttp(`${emulatorUrl}/_emulator/health`, emulator)
    await waitForHttp(`${base}/not-tracked`, app)
    const clicked = await postClick(base, label)
    const sid = clicked.sid
    problems.push(...clicked.problems)
    const cookie = `pk_sid=${sid}`
    const view = await fetch(`${base}/products/sku-view`, { headers: { cookie, accept: 'text/html' } })
    if (view.status !== 200) problems.push(`${label}: GET /products/sku-view answered ${view.status}`)
    const order = await fetch(`${base}/checkout`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ itemId: 'sku-buy' }),
    })
    if (order.status !== 204) problems.push(`${label}: POST /checkout answered ${order.status}`)
    // Shutdown as deployed: SIGTERM; handleShutdown must flush before the process exits.
    const exited = await stop(app)
    if (exited.code !== 0) problems.push(`${label}: exited ${JSON.stringify(exited)} on SIGTERM`)
    const expected = [
      { eventType: 'click', itemId: 'sku-click' },
      { eventType: 'view', itemId: 'sku-view' },
      { eventType: 'purchase', itemId: 'sku-buy' },
    ]
    const stored = await storedEventProblems(emulatorUrl, sid, expected, label)
    problems.push(...stored.problems)
    console.log(
      `${LOG} ${label}: ${stored.stored} events stored for the session, ${problems.length} problems`,
    )
  } catch (error) {
    problems.push(`${label}: ${error.message}`)
  } finally {
    await stop(app)
    await stop(emulator)
    if (problems.length) console.error(`${LOG} ${label} output:\n${app.output}`)
  }
  return problems
}
