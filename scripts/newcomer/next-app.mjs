// The Next.js half of the newcomer test: a fresh app with create-next-app's current defaults (written by hand:
// the template download is not reliable here; Cache Components and Partial Prefetching on), `npm install` of
// @personalize-kit/next from its tarball and next/react from the registry, the files of packages/next/README.md as
// written, `next build` + `next start`, then page views and a browser click, each to be stored exactly once.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { extractBlocks, snippetFileName } from '../readme-snippets/extract.mjs'
import { postClick, storedEventProblems } from './checks.mjs'
import { installArgs } from './express-app.mjs'
import { freePort, start, startEmulator, stop, waitForHttp } from './processes.mjs'

const LOG = '[newcomer:next]'

// create-next-app@latest --yes (16.x): TypeScript, App Router, no src/, the `@/*` alias, Cache Components.
const CREATE_NEXT_APP = {
  'next.config.ts': `import type { NextConfig } from 'next'

const nextConfig: NextConfig = {
  /* config options here */
  cacheComponents: true,
  partialPrefetching: true,
}

export default nextConfig
`,
  'tsconfig.json': `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2017',
        lib: ['dom', 'dom.iterable', 'esnext'],
        allowJs: true,
        skipLibCheck: true,
        strict: true,
        noEmit: true,
        esModuleInterop: true,
        module: 'esnext',
        moduleResolution: 'bundler',
        resolveJsonModule: true,
        isolatedModules: true,
        jsx: 'react-jsx',
        incremental: true,
        plugins: [{ name: 'next' }],
        paths: { '@/*': ['./*'] },
      },
      include: [
        'next-env.d.ts',
        '**/*.ts',
        '**/*.tsx',
        '.next/types/**/*.ts',
        '.next/dev/types/**/*.ts',
        '**/*.mts',
      ],
      exclude: ['node_modules'],
    },
    null,
    2,
  )}\n`,
  // The reader's own auth library, which lib/personalize.ts imports (nobody is signed in).
  'lib/auth.ts': `export async function auth(): Promise<{ user?: { id: string } } | null> {
  return null
}
`,
  // A product page as the issue reported it: a Server Component inside <Suspense> awaiting recordEvent.
  'app/page.tsx': `import { Suspense } from 'react'
import { recordEvent } from '@/lib/personalize'

async function View() {
  await recordEvent({ eventType: 'view', itemId: 'home' })
  return <p>viewed</p>
}

export default function Home() {
  return (
    <main>
      <h1>Shop</h1>
      <Suspense fallback={null}>
        <View />
      </Suspense>
    </main>
  )
}
`,
}

/** The README files the app takes as written, by the file name each block stands for. */
const FROM_README = ['app/api/personalize/events/route.ts', 'app/layout.tsx', 'lib/personalize.ts']

/** The blocks of packages/next/README.md by file name (the first block for each name). */
export function readmeFiles(readme) {
  const files = new Map()
  for (const [index, block] of extractBlocks(readme).entries()) {
    if (!['ts', 'tsx'].includes(block.lang)) continue
    const name = snippetFileName(block, index)
    if (!files.has(name)) files.set(name, block.code)
  }
  return files
}

/** Runs the app; returns the problems found (empty when each event arrived exactly once). */
export async function runNext({ root, tarballs }) {
  const readme = readmeFiles(readFileSync(join(root, 'packages/next/README.md'), 'utf8'))
  const dir = mkdtempSync(join(tmpdir(), 'pk-newcomer-next-'))
  const write = (file, content) => {
    mkdirSync(dirname(join(dir, file)), { recursive: true })
    writeFileSync(join(dir, file), content)
  }
  write(
    'package.json',
    JSON.stringify(
      { name: 'my-app', private: true, scripts: { build: 'next build', start: 'next start' } },
      null,
      2,
    ),
  )
  for (const [file, content] of Object.entries(CREATE_NEXT_APP)) write(file, content)
  const problems = []
  for (const file of FROM_README) {
    const code = readme.get(file)
    if (code) write(file, code)
    else problems.push(`packages/next/README.md has no block for ${file}`)
  }
  if (problems.length) return problems
  const npm = (args) =>
    execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dir,
      stdio: 'inherit',
    })
  npm([
    'install',
    'next@latest',
    'react@latest',
    'react-dom@latest',
    ...installArgs(['@personalize-kit/next'], tarballs),
  ])
  npm([
    'install',
    '-D',
    'typescript',
    '@types/node',
    '@types/react',
    '@types/react-dom',
    ...installArgs(['@personalize-kit/emulator'], tarballs),
  ])
  const version = JSON.parse(readFileSync(join(dir, 'node_modules/next/package.json'), 'utf8')).version
  const label = `Next ${version} (cacheComponents)`
  // next build runs with NODE_ENV=production, where core refuses to fall back to the emulator silently: the app
  // targets it on purpose, at build time as at run time, with PERSONALIZE_ENDPOINT.
  const emulatorPort = await freePort()
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`
  console.log(`${LOG} ${label}: next build`)
  try {
    execFileSync('npx', ['next', 'build'], {
      cwd: dir,
      stdio: 'pipe',
      encoding: 'utf8',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', PERSONALIZE_ENDPOINT: emulatorUrl },
    })
  } catch (error) {
    return [`${label}: next build failed:\n${error.stdout}${error.stderr}`]
  }

  const { proc: emulator } = startEmulator(dir, emulatorPort)
  const port = await freePort()
  // next itself (not through npx), so SIGTERM reaches it and its exit code is next's.
  const app = start(label, 'node', ['node_modules/next/dist/bin/next', 'start', '-p', String(port)], {
    cwd: dir,
    env: { PERSONALIZE_ENDPOINT: emulatorUrl, NEXT_TELEMETRY_DISABLED: '1' },
  })
  const base = `http://localhost:${port}`
  try {
    await waitForHttp(`${emulatorUrl}/_emulator/health`, emulator)
    await waitForHttp(`${base}/favicon-none`, app)
    const clicked = await postClick(base, label)
    const sid = clicked.sid
    problems.push(...clicked.problems)
    for (let i = 0; i < 2; i++) {
      const page = await fetch(base, { headers: { cookie: `pk_sid=${sid}`, accept: 'text/html' } })
      await page.text()
      if (page.status !== 200) problems.push(`${label}: GET / answered ${page.status}`)
    }
    // A long-lived `next start` delivers on the dispatcher's interval: give it time, as a reader watching the
    // inspector would, then stop the server (any late duplicate would still show up below).
    const expectedCount = 3
    const deadline = Date.now() + 15_000
    while (Date.now() < deadline) {
      const { count } = await (await fetch(`${emulatorUrl}/_emulator/records?operation=PutEvents`)).json()
      if (count >= expectedCount) break
      await new Promise((r) => setTimeout(r, 250))
    }
    await new Promise((r) => setTimeout(r, 1_500))
    const exited = await stop(app)
    // 143 = 128 + SIGTERM: how next start reports a graceful stop.
    if (exited.code !== 0 && exited.code !== 143 && exited.signal !== 'SIGTERM')
      problems.push(`${label}: next start exited ${JSON.stringify(exited)} on SIGTERM`)
    const expected = [
      { eventType: 'click', itemId: 'sku-click' },
      { eventType: 'view', itemId: 'home', count: 2 },
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
