// The root README's table of dispatcher options must list exactly the keys of `DispatcherOptions` (checked by the
// compiler) with the defaults the code really uses (checked against the exported constants).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const START = '<!-- dispatcher-options -->'
const END = '<!-- /dispatcher-options -->'

/** Table rows between the markers: `{ name, defaultText }`. */
export function dispatcherTableRows(markdown) {
  const start = markdown.indexOf(START)
  const end = markdown.indexOf(END)
  if (start < 0 || end < start) return undefined
  return markdown
    .slice(start, end)
    .split('\n')
    .map((line) => /^\|\s*`(\w+)`\s*\|([^|]*)\|/.exec(line))
    .filter(Boolean)
    .map((m) => ({ name: m[1], defaultText: m[2].trim() }))
}

/** JSON with sorted keys, so the table may list an object's fields in any order. */
function canonical(value) {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value)
  return JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))))
}

/** Numbers of `{ a: 1, b: 2 }` (or a lone number) in a table cell. */
function numbersIn(text) {
  const plain = text.replaceAll('`', '')
  const pairs = [...plain.matchAll(/(\w+):\s*([\d_]+)/g)]
  if (pairs.length > 0) return Object.fromEntries(pairs.map((p) => [p[1], Number(p[2].replaceAll('_', ''))]))
  const lone = /^'?([\d_]+)'?$/.exec(plain.trim())
  return lone ? Number(lone[1].replaceAll('_', '')) : plain.trim()
}

/**
 * Writes the compile-time check into `scratch/__checks__/` and returns it with a runtime check of the defaults
 * (which needs the built core).
 */
export function checkDispatcherTable(markdown, scratch) {
  const rows = dispatcherTableRows(markdown)
  if (!rows || rows.length === 0) {
    return { runtime: async () => [`README.md: no dispatcher option table between ${START} and ${END}`] }
  }
  const line = markdown.slice(0, markdown.indexOf(START)).split('\n').length
  const dir = join(scratch, '__checks__')
  mkdirSync(dir, { recursive: true })
  const typeFile = join(dir, 'dispatcher-options.ts')
  writeFileSync(
    typeFile,
    [
      "import type { DispatcherOptions } from '@personalize-kit/core'",
      `type Listed = ${rows.map((r) => `'${r.name}'`).join(' | ')}`,
      'type Missing = Exclude<keyof DispatcherOptions, Listed>',
      'type Extra = Exclude<Listed, keyof DispatcherOptions>',
      "export const optionsMissingFromTheReadmeTable: [Missing] extends [never] ? 'none' : Missing = 'none'",
      "export const readmeTableRowsThatAreNoOption: [Extra] extends [never] ? 'none' : Extra = 'none'",
      '',
    ].join('\n'),
  )
  return {
    typeFile,
    line,
    async runtime(root) {
      const entry = join(root, 'packages/core/dist/index.mjs')
      if (!existsSync(entry)) return [`${entry} is missing: run pnpm build first`]
      const core = await import(pathToFileURL(entry).href)
      const actual = {
        flushIntervalMs: core.DISPATCHER_DEFAULTS.flushIntervalMs,
        maxQueueSize: core.DISPATCHER_DEFAULTS.maxQueueSize,
        concurrency: core.DISPATCHER_DEFAULTS.concurrency,
        requestTimeoutMs: core.DISPATCHER_DEFAULTS.requestTimeoutMs,
        retry: { ...core.DEFAULT_RETRY },
        rateLimits: { ...core.DEFAULT_RATE_LIMITS },
      }
      const problems = []
      for (const [name, value] of Object.entries(actual)) {
        const row = rows.find((r) => r.name === name)
        const documented = row ? numbersIn(row.defaultText) : undefined
        if (canonical(documented) !== canonical(value)) {
          problems.push(
            `README.md:${line}: the dispatcher table says ${name} defaults to ${row?.defaultText ?? '(no row)'}; the code says ${JSON.stringify(value)}`,
          )
        }
      }
      const close = /`close\(\{ timeoutMs \}\)` waits at most ([\d ,_]+) ms by default/.exec(markdown)
      if (!close || Number(close[1].replace(/[ ,_]/g, '')) !== core.DISPATCHER_DEFAULTS.closeTimeoutMs) {
        problems.push(
          `README.md: the close() default should read "waits at most ${core.DISPATCHER_DEFAULTS.closeTimeoutMs} ms by default"`,
        )
      }
      return problems
    },
  }
}
