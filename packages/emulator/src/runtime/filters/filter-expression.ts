/** A parsed filter expression: one condition on the interactions or the items dataset. @internal */
export interface FilterExpression {
  action: 'INCLUDE' | 'EXCLUDE'
  dataset: 'Interactions' | 'Items'
  /** Field as written (e.g. `EVENT_TYPE`, `CATEGORY_L1`). */
  field: string
  negated: boolean
  /** Literal values, or a `$PARAM` resolved from `filterValues` at call time. */
  values: { kind: 'literal'; list: string[] } | { kind: 'param'; name: string }
}

/** Thrown for an expression outside the supported subset; the message names the part. @internal */
export class FilterExpressionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'FilterExpressionError'
  }
}

/** Parses `"a", "b", 3` (double or single quotes, numbers); undefined when malformed. @internal */
export function parseValueList(text: string): string[] | undefined {
  const out: string[] = []
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(-?\d+(?:\.\d+)?))\s*(,|$)/y
  let at = 0
  while (at < text.length) {
    re.lastIndex = at
    const m = re.exec(text)
    if (!m) return undefined
    out.push((m[1] ?? m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1'))
    at = re.lastIndex
    if (m[4] === '') break
  }
  return out.length > 0 ? out : undefined
}

const HEAD = /^\s*(\S+)\s+(\S+)\s+(\S+)\s+/
const CONDITION = /^([A-Za-z]+)\.([A-Za-z0-9_]+)\s+(NOT\s+IN|IN|\S+)\s*/i

/**
 * Parses the supported subset of Personalize filter expressions:
 * `EXCLUDE|INCLUDE ItemID WHERE Interactions.EVENT_TYPE IN (...)` and
 * `EXCLUDE|INCLUDE ItemID WHERE Items.<FIELD> IN|NOT IN (...)`, values quoted or one `$PARAM` (not with NOT IN).
 * @internal
 */
export function parseFilterExpression(expression: string): FilterExpression {
  const head = HEAD.exec(expression)
  if (!head) throw new FilterExpressionError(`expected 'EXCLUDE|INCLUDE ItemID WHERE …', got '${expression}'`)
  const action = (head[1] as string).toUpperCase()
  if (action !== 'INCLUDE' && action !== 'EXCLUDE') {
    throw new FilterExpressionError(`'${head[1]}': an expression starts with EXCLUDE or INCLUDE`)
  }
  if ((head[2] as string).toLowerCase() !== 'itemid') {
    throw new FilterExpressionError(`'${head[2]}': only ItemID filters are supported (not ActionID)`)
  }
  if ((head[3] as string).toUpperCase() !== 'WHERE') {
    throw new FilterExpressionError(`'${head[3]}': expected WHERE after ${head[1]} ${head[2]}`)
  }
  const rest = expression.slice(head[0].length)
  const cond = CONDITION.exec(rest)
  if (!cond) throw new FilterExpressionError(`'${rest.slice(0, 60)}': expected <Dataset>.<FIELD> IN (…)`)
  const datasetName = cond[1] as string
  const field = cond[2] as string
  const op = (cond[3] as string).toUpperCase().replace(/\s+/g, ' ')
  const dataset =
    datasetName.toLowerCase() === 'interactions'
      ? 'Interactions'
      : datasetName.toLowerCase() === 'items'
        ? 'Items'
        : undefined
  if (!dataset) {
    throw new FilterExpressionError(
      `'${datasetName}.${field}': the emulator supports conditions on Interactions and Items only (not ${datasetName}, CurrentUser or CurrentItem)`,
    )
  }
  if (op !== 'IN' && op !== 'NOT IN') {
    throw new FilterExpressionError(`'${cond[3]}': only IN and NOT IN are supported`)
  }
  if (dataset === 'Interactions' && field.toUpperCase() !== 'EVENT_TYPE') {
    throw new FilterExpressionError(`'Interactions.${field}': interactions filters match on EVENT_TYPE only`)
  }
  if (dataset === 'Interactions' && op === 'NOT IN') {
    throw new FilterExpressionError(`'NOT IN': interactions filters support IN only`)
  }
  const after = rest.slice(cond[0].length)
  const close = after.indexOf(')')
  if (!after.startsWith('(') || close < 0) {
    throw new FilterExpressionError(`'${after.slice(0, 40)}': expected a parenthesised value list`)
  }
  const inner = after.slice(1, close).trim()
  const trailing = after.slice(close + 1).trim()
  if (trailing) {
    throw new FilterExpressionError(
      `'${trailing.slice(0, 60)}': AND, OR, IF and chained expressions are not supported by the emulator`,
    )
  }
  const param = /^\$([A-Za-z0-9_]+)$/.exec(inner)
  if (param) {
    if (op === 'NOT IN')
      throw new FilterExpressionError(`'NOT IN (${inner})': placeholders cannot be used with NOT IN`)
    return { action, dataset, field, negated: false, values: { kind: 'param', name: param[1] as string } }
  }
  const list = parseValueList(inner)
  if (!list)
    throw new FilterExpressionError(`'(${inner})': values must be quoted strings or numbers, or one $PARAM`)
  return { action, dataset, field, negated: op === 'NOT IN', values: { kind: 'literal', list } }
}
