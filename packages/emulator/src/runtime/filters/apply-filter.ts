import type { Interaction } from '../model/interaction-index'
import { type FilterExpression, parseValueList } from './filter-expression'

/** Thrown when `filterValues` does not fit the filter; answered as InvalidInputException. @internal */
export class FilterValuesError extends Error {}

const normalize = (key: string) => key.replace(/_/g, '').toLowerCase()

/** An item property as a set of strings: categorical values are `|`-separated, numbers compare as text. */
function propertyValues(props: Record<string, unknown> | undefined, field: string): string[] {
  if (!props) return []
  const want = normalize(field)
  for (const [k, v] of Object.entries(props)) {
    if (normalize(k) !== want) continue
    if (typeof v === 'string') return v.split('|')
    if (typeof v === 'number' || typeof v === 'boolean') return [String(v)]
    if (Array.isArray(v)) return v.map(String)
  }
  return []
}

/** Reads one item field for `metadataColumns`, matching `CATEGORY_L1` to `categoryL1`. @internal */
export function metadataValue(
  props: Record<string, unknown> | undefined,
  column: string,
): string | undefined {
  if (!props) return undefined
  const want = normalize(column)
  for (const [k, v] of Object.entries(props)) {
    if (normalize(k) === want && v !== null && v !== undefined)
      return typeof v === 'string' ? v : JSON.stringify(v)
  }
  return undefined
}

/** The user's most recent interactions per event type Personalize filters consider. */
const PER_TYPE_CAP = 100

/**
 * Turns a parsed filter plus the call's `filterValues` into an item predicate. A placeholder without a value
 * leaves that condition out (Personalize ignores it), so the predicate then keeps everything.
 * @internal
 */
export function compileFilter(
  filter: FilterExpression,
  filterValues: Record<string, string> | undefined,
  context: { history: Interaction[]; item: (id: string) => Record<string, unknown> | undefined },
): (itemId: string) => boolean {
  let values: string[]
  if (filter.values.kind === 'param') {
    const name = filter.values.name
    const given = filterValues?.[name]
    if (given === undefined) return () => true
    const parsed = parseValueList(given)
    if (!parsed) {
      throw new FilterValuesError(
        `filterValues.${name} must be quoted values separated by commas, e.g. "\\"a\\",\\"b\\"", got '${given.slice(0, 60)}'`,
      )
    }
    values = parsed
  } else values = filter.values.list
  const include = filter.action === 'INCLUDE'

  if (filter.dataset === 'Interactions') {
    const types = new Set(values.map((v) => v.toLowerCase()))
    const counts = new Map<string, number>()
    const touched = new Set<string>()
    // Newest first, up to PER_TYPE_CAP per event type.
    for (let i = context.history.length - 1; i >= 0; i--) {
      const it = context.history[i] as Interaction
      const type = it.eventType.toLowerCase()
      if (!types.has(type)) continue
      const n = counts.get(type) ?? 0
      if (n >= PER_TYPE_CAP) continue
      counts.set(type, n + 1)
      touched.add(it.itemId)
    }
    return include ? (id) => touched.has(id) : (id) => !touched.has(id)
  }
  const set = new Set(values)
  return (id) => {
    const hit = propertyValues(context.item(id), filter.field).some((v) => set.has(v))
    const matches = filter.negated ? !hit : hit
    return include ? matches : !matches
  }
}
