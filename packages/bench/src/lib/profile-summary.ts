import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

interface CpuProfile {
  nodes: {
    id: number
    callFrame: { functionName: string; url: string; lineNumber: number }
    children?: number[]
  }[]
  samples: number[]
  timeDeltas: number[]
}

const label = (frame: CpuProfile['nodes'][number]['callFrame']): string => {
  const name = frame.functionName || '(anonymous)'
  if (!frame.url) return name
  const short = frame.url.replace(/^.*\/(node_modules|packages)\//, '').replace(/^file:\/\//, '')
  return `${name} (${short}:${frame.lineNumber + 1})`
}

const OURS = /\/packages\/(?!bench\/)[^/]+\/(dist|src)\//
const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)'])

/** Self and inclusive time per function of one profile, in ms, plus the total. */
function analyse(profile: CpuProfile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const sampleTime = new Map<number, number>()
  profile.samples.forEach((id, i) => {
    sampleTime.set(id, (sampleTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
  })
  const self = new Map<string, number>()
  const inclusiveOurs = new Map<string, number>()
  let total = 0
  for (const [id, micros] of sampleTime) {
    const node = byId.get(id)
    if (!node) continue
    total += micros
    const key = label(node.callFrame)
    self.set(key, (self.get(key) ?? 0) + micros)
    const seen = new Set<string>()
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)?.callFrame
      if (!frame || !OURS.test(frame.url)) continue
      const k = label(frame)
      if (seen.has(k)) continue
      seen.add(k)
      inclusiveOurs.set(k, (inclusiveOurs.get(k) ?? 0) + micros)
    }
  }
  return { self, inclusiveOurs, total }
}

function profilesIn(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) out.push(...profilesIn(path))
    else if (entry.endsWith('.cpuprofile')) out.push(path)
  }
  return out
}

const pct = (part: number, total: number) => `${((100 * part) / total).toFixed(1)} %`

/**
 * One line per profiled process under `dir` (its busiest thread): where the CPU time went, by self time, and
 * which personalize-kit functions it was spent under (inclusive time).
 */
export function summariseProfiles(dir: string): string[] {
  const byProcess = new Map<string, { path: string; size: number }>()
  for (const path of profilesIn(dir)) {
    const processDir = path.slice(0, path.lastIndexOf('/'))
    const size = statSync(path).size
    const best = byProcess.get(processDir)
    if (!best || size > best.size) byProcess.set(processDir, { path, size })
  }
  const lines: string[] = []
  for (const [processDir, { path }] of byProcess) {
    const { self, inclusiveOurs, total } = analyse(JSON.parse(readFileSync(path, 'utf8')) as CpuProfile)
    if (total === 0) continue
    const get = (k: string) => self.get(k) ?? 0
    const topSelf = [...self]
      .filter(([k]) => !SPECIAL.has(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([k, t]) => `\`${k}\` ${pct(t, total)}`)
    const topOurs = [...inclusiveOurs]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([k, t]) => `\`${k}\` ${pct(t, total)}`)
    lines.push(
      `CPU profile of \`${processDir.slice(dir.length + 1) || 'process'}\` (${(total / 1e6).toFixed(1)} s sampled): ` +
        `idle ${pct(get('(idle)'), total)}, GC ${pct(get('(garbage collector)'), total)}. ` +
        `Top self time: ${topSelf.join(', ')}. ` +
        (topOurs.length > 0 ? `Inclusive time under personalize-kit code: ${topOurs.join(', ')}.` : ''),
    )
  }
  return lines
}

/** Which part of the stack a profiled function belongs to. */
function component(url: string, functionName: string): string {
  if (!url)
    return functionName === 'writev' || functionName === 'writeUtf8String' ? 'socket writes' : functionName
  if (OURS.test(url)) return 'personalize-kit'
  if (url.includes('/p-queue/')) return 'p-queue'
  if (url.includes('/@smithy/') || url.includes('/@aws-sdk/')) return 'AWS SDK'
  if (url.includes('/packages/bench/')) return 'bench workload'
  if (url.startsWith('node:')) {
    const mod = /node:(?:internal\/)?([a-z_]+)/.exec(url)?.[1] ?? ''
    if (['abort_controller', 'event_target'].includes(mod)) return 'AbortController / EventTarget'
    if (mod.startsWith('_http') || ['net', 'stream_base_commons', 'streams'].includes(mod)) return 'node http'
    if (['modules', 'bootstrap'].includes(mod)) return 'module loading'
    return `node ${mod}`
  }
  return 'other'
}

/** CPU microseconds per unit (e.g. per event) by component, from the busiest profile under `dir`. */
export function componentCost(dir: string, units: number): Map<string, number> {
  let best: { path: string; size: number } | undefined
  for (const path of profilesIn(dir)) {
    const size = statSync(path).size
    if (!best || size > best.size) best = { path, size }
  }
  const out = new Map<string, number>()
  if (!best) return out
  const profile = JSON.parse(readFileSync(best.path, 'utf8')) as CpuProfile
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]))
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)
    if (!frame) return
    const key = component(frame.url, frame.functionName)
    out.set(key, (out.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / units)
  })
  return out
}
