#!/usr/bin/env node
// Measures what `npm install <package>` brings into an empty project, for each published package (from its packed
// tarball, its sibling tarballs standing in for the registry) and for the browser-side packages users compare us
// with (@vercel/analytics and posthog-js, from the registry): how many packages land in node_modules besides the one
// asked for and their size on disk, peers (Express, Next, React: the app has them already) not installed. Prints
// a Markdown table; `--write` puts it into README.md between the install-sizes markers. Needs `pnpm build` first and the npm registry.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { installArgs } from './newcomer/express-app.mjs'
import { packAll } from './packaging/pack.mjs'
import { installedPackages } from './packaging/packed-files.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const COMPARED = ['@vercel/analytics', 'posthog-js']

const bytesUnder = (dir) =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + statSync(join(e.parentPath, e.name)).size, 0)

function measure(name, args) {
  const dir = mkdtempSync(join(tmpdir(), 'pk-install-size-'))
  try {
    writeFileSync(join(dir, 'package.json'), '{"private":true}')
    // --legacy-peer-deps: peers (Express, Next, React) are what the app already has, not what we add to it.
    execFileSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--loglevel=error', '--legacy-peer-deps', ...args],
      {
        cwd: dir,
      },
    )
    const installed = installedPackages(join(dir, 'node_modules')).filter((n) => n !== name)
    const version = JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version
    return { name, version, dependencies: installed.length, bytes: bytesUnder(join(dir, 'node_modules')) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const mb = (bytes) => `${(bytes / 1_048_576).toFixed(1)} MB`
const tarballs = packAll(ROOT)
const rows = [
  ...[...tarballs.keys()].map((name) => measure(name, installArgs([name], tarballs))),
  ...COMPARED.map((name) => measure(name, [name])),
]
const table = [
  `| \`npm install …\` | Packages it adds besides itself | On disk (node_modules) |`,
  '| --- | --: | --: |',
  ...rows.map(
    (r) =>
      `| \`${r.name}\`${COMPARED.includes(r.name) ? ` ${r.version} (for comparison)` : ''} | ${r.dependencies} | ${mb(r.bytes)} |`,
  ),
].join('\n')
const stamp = `Measured by \`node scripts/measure-install.mjs\` on ${new Date().toISOString().slice(0, 10)} (npm ${execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim()}, peer dependencies not counted).`
console.log(`${table}\n\n${stamp}`)

if (process.argv.includes('--write')) {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const re = /(<!-- install-sizes -->\n)[\s\S]*?(<!-- \/install-sizes -->)/
  if (!re.test(readme)) throw new Error('README.md has no <!-- install-sizes --> markers')
  writeFileSync(join(ROOT, 'README.md'), readme.replace(re, `$1${table}\n\n${stamp}\n$2`))
  // The table as Biome formats Markdown (aligned columns), so `pnpm lint` stays green.
  execFileSync('pnpm', ['exec', 'biome', 'format', '--write', 'README.md'], { cwd: ROOT, stdio: 'ignore' })
}
