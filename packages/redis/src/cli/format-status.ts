import type { TierStatus } from '../admin/status'

/** `personalize-relay status` as text. */
export function formatStatus(status: TierStatus): string {
  const lines = [
    `stream        ${status.stream}`,
    `backlog       ${status.backlog} record(s) not yet delivered (${status.streamLength} entries in the stream, ${status.unread ?? '?'} unread)`,
    `pending       ${status.pending} entrie(s) read and not yet acknowledged`,
  ]
  for (const relay of status.relays)
    lines.push(
      `  ${relay.name.padEnd(40)} ${String(relay.pending).padStart(7)} pending, idle ${(relay.idleMs / 1000).toFixed(1)} s`,
    )
  lines.push(`dead letters  ${status.deadLetters} entrie(s) in ${status.stream}:dead`)
  const rates = Object.entries(status.rates)
  if (rates.length === 0) lines.push('shared rate   (no relay has sent yet)')
  for (const [operation, rate] of rates) {
    const paused = rate.pausedForMs > 0 ? `, paused ${rate.pausedForMs} ms after throttling` : ''
    lines.push(
      `shared rate   ${operation.padEnd(22)} ${rate.current.toFixed(1)} calls/s allowed now, limit ${rate.limit} (factor ${rate.factor.toFixed(2)}${paused})`,
    )
  }
  return `${lines.join('\n')}\n`
}
