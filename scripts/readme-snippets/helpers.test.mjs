// Unit tests of the README checker's parsing. Run: node --test scripts/readme-snippets/helpers.test.mjs
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { dispatcherTableRows } from './dispatcher-table.mjs'
import { extractBlocks, snippetFileName } from './extract.mjs'
import { installedPackageNames } from './install-lines.mjs'
import { packageRunCommands, packageRunProblem } from './run-commands.mjs'

const md = [
  '#### The route: `app/api/events/route.ts`',
  '',
  '```ts',
  "export { POST } from '@personalize-kit/next/route'",
  '```',
  '',
  '```tsx',
  "'use client'",
  'export const x = 1',
  '```',
  '',
  '```ts title="server.ts"',
  'const a = 1',
  '```',
  '',
  '```ts',
  '// src/checkout.test.ts — with a note',
  'const b = 2',
  '```',
].join('\n')

test('extractBlocks and snippetFileName: title, first-line comment, the heading above (first block only), fallback', () => {
  const blocks = extractBlocks(md)
  assert.deepEqual(
    blocks.map((b) => [b.lang, b.line]),
    [
      ['ts', 3],
      ['tsx', 7],
      ['ts', 12],
      ['ts', 16],
    ],
  )
  assert.deepEqual(
    blocks.map((b, i) => snippetFileName(b, i)),
    ['app/api/events/route.ts', 'snippet-2.tsx', 'server.ts', 'src/checkout.test.ts'],
  )
})

test('installedPackageNames: names from pnpm/npm/yarn install lines, without versions, flags or comments', () => {
  const code = [
    'pnpm add @personalize-kit/express express@5 # the middleware',
    'npm i -D @personalize-kit/emulator',
    'yarn add react@^19.0.0 && pnpm build',
    'npx -y pnpm@12.4.2 install --frozen-lockfile',
    'pnpm install',
  ].join('\n')
  assert.deepEqual(installedPackageNames(code), [
    '@personalize-kit/express',
    'express',
    '@personalize-kit/emulator',
    'react',
  ])
})

test('dispatcherTableRows: option names and default cells between the markers', () => {
  const table = [
    '<!-- dispatcher-options -->',
    '| Option | Default | Meaning |',
    '| --- | --- | --- |',
    '| `flushIntervalMs` | `1000` | latency |',
    '| `retry` | `{ maxAttempts: 15 }` | backoff |',
    '<!-- /dispatcher-options -->',
  ].join('\n')
  assert.deepEqual(dispatcherTableRows(table), [
    { name: 'flushIntervalMs', defaultText: '`1000`' },
    { name: 'retry', defaultText: '`{ maxAttempts: 15 }`' },
  ])
  assert.equal(dispatcherTableRows('no table'), undefined)
})

test('packageRunCommands finds runners in blocks and inline code, with flags and versions', () => {
  const md = [
    '```sh',
    'npx -y pnpm@12.4.2 install && npx -y pnpm@12.4.2 demo',
    'npx @personalize-kit/emulator --port 4599   # comment npx ignored',
    '```',
    'Start it with `pnpm demo`, `npx personalize-emulator` or `pnpm dlx @personalize-kit/emulator@0.1.0`.',
    'npm exec --package=@personalize-kit/emulator -- personalize-emulator',
  ].join('\n')
  assert.deepEqual(
    packageRunCommands(md).map(({ runner, name, line }) => `${line} ${runner} ${name}`),
    [
      '2 npx pnpm',
      '2 npx pnpm',
      '3 npx @personalize-kit/emulator',
      '5 npx personalize-emulator',
      '5 pnpm dlx @personalize-kit/emulator',
      '6 npm exec @personalize-kit/emulator',
    ],
  )
})

test('packageRunProblem accepts our packages, local bins after an install, known packages; flags the rest', () => {
  const scope = {
    ours: new Set(['@personalize-kit/emulator']),
    localBins: new Set(),
    known: new Set(['pnpm']),
  }
  assert.equal(packageRunProblem({ runner: 'npx', name: '@personalize-kit/emulator' }, scope), undefined)
  assert.equal(packageRunProblem({ runner: 'npx', name: 'pnpm' }, scope), undefined)
  assert.match(packageRunProblem({ runner: 'npx', name: 'personalize-emulator' }, scope), /not ours/)
  assert.match(
    packageRunProblem({ runner: 'npx', name: '@personalize-kit/emulater' }, scope),
    /not a published/,
  )
  const installed = { ...scope, localBins: new Set(['personalize-emulator']) }
  assert.equal(packageRunProblem({ runner: 'npx', name: 'personalize-emulator' }, installed), undefined)
  assert.match(packageRunProblem({ runner: 'pnpm dlx', name: 'personalize-emulator' }, installed), /not ours/)
})
