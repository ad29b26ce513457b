import { readFileSync } from 'node:fs'

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100

/**
 * CPU time (user + system, ms) a process has used so far, from /proc (Linux); null elsewhere. Per-request CPU
 * cost is a measure that other work on a busy machine does not distort the way it distorts requests per second.
 */
export function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const utime = Number(fields[11])
    const stime = Number(fields[12])
    if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null
    return ((utime + stime) * 1000) / TICKS_PER_SECOND
  } catch {
    return null
  }
}
