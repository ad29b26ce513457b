import { createPrng } from './prng'
import type { ActiveFaultRule, FaultRule, ServiceOperation as Operation } from './types'

const KINDS = new Set<FaultRule['kind']>([
  'throttle',
  'error500',
  'error503',
  'latency',
  'reset',
  'hang',
  'malformed',
])
const OPS = new Set([
  '*',
  'PutEvents',
  'PutItems',
  'PutUsers',
  'PutActions',
  'PutActionInteractions',
  'GetRecommendations',
  'GetPersonalizedRanking',
  'GetActionRecommendations',
])

/** What to do to one call: an optional delay, then optionally one terminal fault. @internal */
export interface FaultDecision {
  latencyMs: number
  fault?: ActiveFaultRule
}

/** Checks a rule from the admin API or a flag; returns a message naming the bad field, or undefined. @internal */
export function faultRuleProblem(rule: unknown): string | undefined {
  if (rule === null || typeof rule !== 'object') return 'a fault rule must be an object'
  const r = rule as Record<string, unknown>
  if (!KINDS.has(r.kind as FaultRule['kind'])) return `kind must be one of ${[...KINDS].join(', ')}`
  if (r.operation !== undefined && !OPS.has(r.operation as string)) {
    return `operation must be '*' or one of ${[...OPS].slice(1).join(', ')}`
  }
  if (
    r.probability !== undefined &&
    (typeof r.probability !== 'number' || r.probability < 0 || r.probability > 1)
  ) {
    return 'probability must be a number between 0 and 1'
  }
  if (r.count !== undefined && (!Number.isInteger(r.count) || (r.count as number) < 1)) {
    return 'count must be a positive integer'
  }
  if (r.latencyMs !== undefined && (typeof r.latencyMs !== 'number' || r.latencyMs < 0)) {
    return 'latencyMs must be a non-negative number'
  }
  return undefined
}

/**
 * Ordered fault rules; the first terminal rule that fires wins, latency rules add up. A rule with `count` fires on
 * the next N matching calls; with `probability` it draws from the seeded PRNG; with neither it always fires.
 * @internal
 */
export function createFaultEngine(seed: number, initial: readonly FaultRule[]) {
  let random = createPrng(seed)
  let rules: ActiveFaultRule[] = []
  let nextId = 1

  const add = (rule: FaultRule): ActiveFaultRule => {
    const problem = faultRuleProblem(rule)
    if (problem) throw new TypeError(`[@personalize-kit/emulator] invalid fault rule: ${problem}`)
    const active: ActiveFaultRule = { ...rule, id: `f${nextId++}`, hits: 0 }
    if (rule.count !== undefined) active.remaining = rule.count
    rules.push(active)
    return active
  }

  const restore = () => {
    rules = []
    nextId = 1
    random = createPrng(seed)
    for (const r of initial) add(r)
  }
  restore()

  return {
    add,
    remove(id: string): boolean {
      const before = rules.length
      rules = rules.filter((r) => r.id !== id)
      return rules.length !== before
    },
    list: (): ActiveFaultRule[] => rules.map((r) => ({ ...r })),
    clear() {
      rules = []
    },
    restore,
    decide(operation: Operation): FaultDecision {
      const decision: FaultDecision = { latencyMs: 0 }
      if (rules.length === 0) return decision
      for (const rule of rules) {
        if (rule.operation && rule.operation !== '*' && rule.operation !== operation) continue
        if (decision.fault && rule.kind !== 'latency') continue
        if (rule.remaining !== undefined) {
          if (rule.remaining <= 0) continue
        }
        if (rule.probability !== undefined && random() >= rule.probability) continue
        if (rule.remaining !== undefined) rule.remaining--
        rule.hits++
        if (rule.kind === 'latency') decision.latencyMs += rule.latencyMs ?? 1000
        else decision.fault = rule
      }
      return decision
    },
  }
}

export type FaultEngine = ReturnType<typeof createFaultEngine>
