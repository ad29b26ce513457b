#!/usr/bin/env node
// Keeps the READMEs honest. Every ```ts / ```tsx block of README.md, packages/*/README.md and apps/*/README.md is
// written to a scratch project (one folder per README, each block under the file name it is titled with) and
// type-checked against the built packages, exactly as an app would compile it. Also:
// - install lines (`pnpm add` / `npm install` …) may only name published workspace packages or their dependencies;
// - every command that runs a package from the registry (`npx x`, `pnpm dlx x`, … in blocks or inline code) must
//   resolve to one of ours, to a bin the same README installs first, or to a package this repository uses;
// - each published package's README leads with `npm install` (pnpm and yarn beside it);
// - ```json blocks must parse, and relative links must point at files that exist;
// - the root README's dispatcher option table must list every key of `DispatcherOptions` with the real defaults;
// - the root README's boto3 and AWS CLI blocks are run against the emulator (when python3 + boto3 / aws exist).
// Needs `pnpm build` first (it checks against dist, what users get). `--keep` leaves the scratch project.
import { spawn } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkDispatcherTable } from './readme-snippets/dispatcher-table.mjs'
import { extractBlocks, snippetFileName } from './readme-snippets/extract.mjs'
import { installedPackageNames } from './readme-snippets/install-lines.mjs'
import { brokenLinks } from './readme-snippets/links.mjs'
import { runEmulatorClientBlocks } from './readme-snippets/run-clients.mjs'
import { packageRunCommands, packageRunProblem } from './readme-snippets/run-commands.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const STUBS = join(ROOT, 'scripts/readme-snippets/stubs')
const keep = process.argv.includes('--keep')
const LOG = '[readme-snippets]'

const workspace = ['packages', 'apps'].flatMap((dir) =>
  readdirSync(join(ROOT, dir), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(ROOT, dir, d.name, 'package.json')))
    .map((d) => {
      const path = join(ROOT, dir, d.name)
      return { path, manifest: JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) }
    }),
)
const readmes = ['README.md', ...workspace.map((w) => relative(ROOT, join(w.path, 'README.md')))].filter(
  (p) => existsSync(join(ROOT, p)),
)

const problems = []
const scratch = mkdtempSync(join(tmpdir(), 'readme-snippets-'))
/** Scratch file → where its block starts in which README, to report errors at README lines. */
const origin = new Map()
const bareImports = new Set()
let tsBlocks = 0

for (const readme of readmes) {
  const text = readFileSync(join(ROOT, readme), 'utf8')
  problems.push(...brokenLinks(ROOT, readme, text))
  problems.push(...runCommandProblems(readme, text))
  problems.push(...npmFirstProblems(readme, text))
  const project = join(scratch, readme.replace(/\/?README\.md$/, '').replaceAll('/', '__') || 'root')
  const used = new Set()
  for (const [index, block] of extractBlocks(text).entries()) {
    const where = `${readme}:${block.line}`
    if (block.lang === 'json') {
      try {
        JSON.parse(block.code)
      } catch (error) {
        problems.push(`${where}: the json block does not parse: ${error.message}`)
      }
      continue
    }
    if (['sh', 'bash', 'shell', 'console'].includes(block.lang)) {
      for (const name of installedPackageNames(block.code)) {
        const problem = installProblem(name)
        if (problem) problems.push(`${where}: ${problem}`)
      }
      continue
    }
    if (!['ts', 'tsx', 'typescript'].includes(block.lang)) continue
    tsBlocks++
    let file = snippetFileName(block, index)
    if (used.has(file)) file = file.replace(/(\.[mc]?tsx?)$/, `.${index}$1`)
    used.add(file)
    const target = join(project, file)
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, toModule(rewriteAlias(block.code, project, target)))
    origin.set(target, { readme, line: block.line + 1 })
    for (const m of block.code.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"./][^'"]*)['"]/g)) {
      if (!m[1].startsWith('@/')) bareImports.add(packageName(m[1]))
    }
  }
  // What the examples assume the reader's app has (an auth helper, say), unless a block defines it.
  if (existsSync(project)) {
    for (const stub of readdirSync(STUBS, { recursive: true, withFileTypes: true })) {
      if (!stub.isFile() || stub.name.endsWith('.d.ts')) continue
      const rel = relative(STUBS, join(stub.parentPath ?? stub.path, stub.name))
      const target = join(project, rel)
      if (!existsSync(target)) {
        mkdirSync(dirname(target), { recursive: true })
        cpSync(join(STUBS, rel), target)
      }
    }
  }
}

const tableProblems = checkDispatcherTable(readFileSync(join(ROOT, 'README.md'), 'utf8'), scratch)
problems.push(...(await tableProblems.runtime(ROOT)))
if (tableProblems.typeFile)
  origin.set(tableProblems.typeFile, { readme: 'README.md', line: tableProblems.line })

linkNodeModules()
cpSync(join(STUBS, 'app-globals.d.ts'), join(scratch, 'app-globals.d.ts'))
// One program per README (and one for the table check): a `declare global` in one README must not make another
// README's block compile, since a reader pastes one README's code into their app, not all of them.
const programs = readdirSync(scratch, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'node_modules')
  .map((d) => d.name)
for (const program of programs) {
  writeFileSync(
    join(scratch, program, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2023', 'DOM', 'DOM.Iterable'],
          module: 'Preserve',
          moduleResolution: 'Bundler',
          jsx: 'react-jsx',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          esModuleInterop: true,
          isolatedModules: true,
          types: ['node'],
        },
        include: ['**/*.ts', '**/*.tsx', '../app-globals.d.ts'],
      },
      null,
      2,
    ),
  )
}
const compiled = await Promise.all(
  programs.map(
    (program) =>
      new Promise((done) => {
        const child = spawn(
          process.execPath,
          [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(scratch, program), '--pretty', 'false'],
          { cwd: scratch },
        )
        let out = ''
        child.stdout.on('data', (chunk) => (out += chunk))
        child.stderr.on('data', (chunk) => (out += chunk))
        child.on('close', () => done(out))
      }),
  ),
)
for (const line of compiled.join('\n').split('\n')) {
  if (!line.trim()) continue
  const m = /^(.+?)\((\d+),(\d+)\): (.*)$/.exec(line)
  const file = m && resolve(scratch, m[1])
  const from = file && origin.get(file)
  if (m && from) problems.push(`${from.readme}:${from.line + Number(m[2]) - 1}:${m[3]} ${m[4]}`)
  else if (m) problems.push(`${relative(scratch, resolve(scratch, m[1]))}(${m[2]},${m[3]}): ${m[4]}`)
  else if (!line.startsWith(' ')) problems.push(line)
}

const ran = await runEmulatorClientBlocks(ROOT, readFileSync(join(ROOT, 'README.md'), 'utf8'))
problems.push(...ran.problems)

if (keep) console.log(`${LOG} scratch project kept at ${scratch}`)
else rmSync(scratch, { recursive: true, force: true })
if (problems.length > 0) {
  console.error(
    `${LOG} ${problems.length} problem(s) in README code blocks:\n${problems.map((p) => `  ${p}`).join('\n')}`,
  )
  process.exit(1)
}
console.log(
  `${LOG} ${tsBlocks} TypeScript blocks in ${readmes.length} READMEs type-check; install lines, json blocks and the dispatcher table match; ${ran.summary}`,
)

/** A published package's README leads with `npm install` (what the root README and most users use). */
function npmFirstProblems(readme, text) {
  const dir = readme.replace(/\/README\.md$/, '')
  const own = workspace.find((w) => relative(ROOT, w.path) === dir)
  if (!own || own.manifest.private || !dir.startsWith('packages/')) return []
  const first = extractBlocks(text)
    .filter((b) => ['sh', 'bash', 'shell', 'console'].includes(b.lang))
    .flatMap((b) => b.code.split('\n'))
    .find((line) => installedPackageNames(line).length > 0)
  if (!first) return [`${readme}: no install line (lead with \`npm install ${own.manifest.name}\`)`]
  return /^\s*npm\s+(install|i)\b/.test(first)
    ? []
    : [
        `${readme}: the first install line is \`${first.trim()}\`; lead with npm install and give pnpm/yarn beside`,
      ]
}

/** The `npx` / `pnpm dlx` / … commands of one README that would fetch a package we do not know. */
function runCommandProblems(readme, text) {
  const rootManifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
  const manifests = [rootManifest, ...workspace.map((w) => w.manifest)]
  const ours = new Set(workspace.filter((w) => !w.manifest.private).map((w) => w.manifest.name))
  const known = new Set([
    rootManifest.packageManager?.split('@')[0],
    ...manifests.flatMap((m) =>
      ['dependencies', 'devDependencies', 'peerDependencies'].flatMap((k) => Object.keys(m[k] ?? {})),
    ),
  ])
  for (const name of ours) known.delete(name)
  const installedHere = extractBlocks(text)
    .filter((b) => ['sh', 'bash', 'shell', 'console'].includes(b.lang))
    .flatMap((b) => installedPackageNames(b.code))
  const localBins = new Set(
    workspace
      .filter((w) => installedHere.includes(w.manifest.name))
      .flatMap((w) => Object.keys(typeof w.manifest.bin === 'object' ? w.manifest.bin : {})),
  )
  return packageRunCommands(text)
    .map((command) => {
      const problem = packageRunProblem(command, { ours, localBins, known })
      return problem && `${readme}:${command.line}: ${problem}`
    })
    .filter(Boolean)
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageName(specifier) {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier)
}

function installProblem(name) {
  const own = workspace.find((w) => w.manifest.name === name)
  if (own)
    return own.manifest.private ? `install line names ${name}, which is private (never published)` : undefined
  if (name.startsWith('@personalize-kit/'))
    return `install line names ${name}, which is not a package of this repository`
  const known = workspace.some((w) =>
    ['dependencies', 'devDependencies', 'peerDependencies'].some((k) => w.manifest[k]?.[name]),
  )
  return known ? undefined : `install line names ${name}, which no package here depends on (a typo?)`
}

/** Next.js apps import `@/lib/x` (a tsconfig path); the scratch project has no such alias, so make it relative. */
function rewriteAlias(code, project, target) {
  return code.replace(/(['"])@\/([^'"]+)\1/g, (_, q, rest) => {
    let rel = relative(dirname(target), join(project, rest))
    if (!rel.startsWith('.')) rel = `./${rel}`
    return `${q}${rel}${q}`
  })
}

/** A block without imports or exports would be a global script and clash with other blocks' names. */
function toModule(code) {
  return /^\s*(import|export)\b/m.test(code) ? code : `${code}\nexport {}\n`
}

/**
 * The scratch project's node_modules: the workspace packages (resolved through their exports to dist, like an
 * installed copy) and each third-party package a block imports, linked from whichever workspace package has it.
 */
function linkNodeModules() {
  const names = new Set([...bareImports, '@types/node', '@types/react', '@types/react-dom'])
  for (const name of [...names]) if (!name.startsWith('@')) names.add(`@types/${name}`)
  for (const name of names) {
    if (name.startsWith('node:') || !name) continue
    const own = workspace.find((w) => w.manifest.name === name)
    const source =
      own?.path ??
      [ROOT, ...workspace.map((w) => w.path)]
        .map((dir) => join(dir, 'node_modules', name))
        .find((p) => existsSync(p))
    if (!source) {
      if (!name.startsWith('@types/'))
        problems.push(`a README block imports ${name}, which no package here has installed`)
      continue
    }
    if (own && !existsSync(join(own.path, 'dist'))) {
      console.error(`${LOG} ${name} has no dist: run pnpm build first`)
      process.exit(1)
    }
    const target = join(scratch, 'node_modules', name)
    mkdirSync(dirname(target), { recursive: true })
    symlinkSync(source, target, 'dir')
  }
}
