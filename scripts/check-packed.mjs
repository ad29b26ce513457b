#!/usr/bin/env node
// Checks what `pnpm publish` would ship, from the packed tarballs themselves:
// - each tarball has the LICENSE (identical to the root one), its README and its dist, and no test code
//   (tests, specs, fixtures, test helpers, test set-up); each package.json has engines.node >=22, keywords,
//   homepage, bugs, license and repository;
// - `@personalize-kit/react` installed with npm into an empty folder (beside the browser tarball it depends on, since
//   neither is on the registry yet) installs React and our two packages and nothing else: no AWS SDK, no p-queue,
//   no OpenTelemetry.
// Needs `pnpm build` first. Arguments, if any, name the packages to check (default: every published one).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { packAll } from './packaging/pack.mjs'
import { installedPackages, testCodeIn } from './packaging/packed-files.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const LOG = '[check-packed]'
const problems = []
const only = process.argv.slice(2)
const packed = packAll(
  ROOT,
  only.length ? [...new Set([...only, '@personalize-kit/browser', '@personalize-kit/react'])] : undefined,
)
const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8')

for (const [name, { tarball, files, manifest }] of packed) {
  // What a publisher's package.json carries (issue 17): the Node floor, and how to find, file and search for it.
  if (manifest.engines?.node !== '>=22')
    problems.push(`${name}: engines.node is ${manifest.engines?.node}, not >=22`)
  for (const field of ['keywords', 'homepage', 'bugs', 'license', 'repository'])
    if (!manifest[field] || manifest[field].length === 0)
      problems.push(`${name}: package.json has no ${field}`)
  for (const required of ['LICENSE', 'README.md', 'package.json']) {
    if (!files.includes(required)) problems.push(`${name}: the tarball has no ${required}`)
  }
  if (!files.some((f) => f.startsWith('dist/'))) problems.push(`${name}: the tarball has no dist/`)
  for (const file of testCodeIn(files)) problems.push(`${name}: the tarball ships test code: ${file}`)
  const packedLicense = execFileSync('tar', ['-xOzf', tarball, 'package/LICENSE'], { encoding: 'utf8' })
  if (files.includes('LICENSE') && packedLicense !== license)
    problems.push(`${name}: its LICENSE differs from the root LICENSE`)
  console.log(`${LOG} ${name}: ${files.length} files`)
}

const app = mkdtempSync(join(tmpdir(), 'pk-react-install-'))
try {
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'empty-app', private: true }))
  const tarballs = ['@personalize-kit/browser', '@personalize-kit/react'].map((n) => packed.get(n).tarball)
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], {
    cwd: app,
    stdio: 'inherit',
  })
  const installed = installedPackages(join(app, 'node_modules'))
  const expected = ['@personalize-kit/browser', '@personalize-kit/react', 'react']
  const extra = installed.filter((n) => !expected.includes(n))
  if (installed.some((n) => n.startsWith('@aws-sdk/')))
    problems.push('npm install of the @personalize-kit/react tarball installs @aws-sdk/* packages')
  if (extra.length)
    problems.push(
      `npm install of the @personalize-kit/react tarball installs more than React: ${extra.join(', ')}`,
    )
  for (const name of expected)
    if (!existsSync(join(app, 'node_modules', name))) problems.push(`${name} was not installed`)
  console.log(`${LOG} npm install @personalize-kit/react installs: ${installed.join(', ')}`)
} finally {
  rmSync(app, { recursive: true, force: true })
  rmSync(join(packed.values().next().value.tarball, '..'), { recursive: true, force: true })
}

if (problems.length) {
  console.error(`${LOG} ${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join('\n')}`)
  process.exit(1)
}
console.log(
  `${LOG} ${packed.size} tarballs ship their LICENSE and no test code; @personalize-kit/react installs no AWS SDK`,
)
