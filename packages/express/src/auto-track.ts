import type { AutoTrackRule } from './types'

/** @internal A rule with its path compiled once. */
export interface CompiledRule {
  rule: AutoTrackRule
  method: string
  match(path: string): Record<string, string> | undefined
}

/**
 * @internal
 * Our own tiny matcher instead of Express's router: path-to-regexp syntax differs between Express 4 and 5, and
 * `req.params` is not reliable after the response finished.
 */
export function compileRules(rules: readonly AutoTrackRule[]): CompiledRule[] {
  return rules.map((rule) => ({
    rule,
    method: (rule.method ?? 'GET').toUpperCase(),
    match: rule.path instanceof RegExp ? regexpMatcher(rule.path) : patternMatcher(rule.path),
  }))
}

function regexpMatcher(re: RegExp) {
  return (path: string) => {
    const m = re.exec(path)
    return m ? { ...m.groups } : undefined
  }
}

function patternMatcher(pattern: string) {
  const parts = split(pattern)
  return (path: string) => {
    const segments = split(path)
    const params: Record<string, string> = {}
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string
      if (part === '*' && i === parts.length - 1) {
        params['*'] = segments.slice(i).join('/')
        return params
      }
      const segment = segments[i]
      if (segment === undefined) return undefined
      if (part.startsWith(':')) params[part.slice(1)] = safeDecode(segment)
      else if (part.toLowerCase() !== segment.toLowerCase()) return undefined
    }
    return segments.length === parts.length ? params : undefined
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0)
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
