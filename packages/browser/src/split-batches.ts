/**
 * Splits events into groups of at most `maxCount` events and about `maxBytes` UTF-8 bytes of JSON, so each request
 * fits the 64 KiB budget browsers give `sendBeacon` and `fetch({ keepalive })`. An event larger than the budget
 * travels alone.
 *
 * @example
 * ```ts
 * splitBatches([{ eventType: 'click' }, { eventType: 'view' }], 1, 60_000) // [[{ eventType: 'click' }], [{ eventType: 'view' }]]
 * ```
 */
export const splitBatches = <T>(events: readonly T[], maxCount: number, maxBytes: number): T[][] => {
  const groups: T[][] = []
  let group: T[] = []
  let bytes = 0
  for (const event of events) {
    const size = new Blob([JSON.stringify(event)]).size + 1
    if (group.length && (group.length >= maxCount || bytes + size > maxBytes)) {
      groups.push(group)
      group = []
      bytes = 0
    }
    group.push(event)
    bytes += size
  }
  if (group.length) groups.push(group)
  return groups
}
