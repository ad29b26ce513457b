import autocannon, { type Options } from 'autocannon'
import { processCpuMs } from './process-cpu'

/** What one autocannon run measured. */
export interface LoadResult {
  /** Responses with a 2xx status per second. */
  okPerSecond: number
  total: number
  non2xx: number
  errors: number
  latencyP50Ms: number
  latencyP99Ms: number
  statusCodes: Record<string, number>
  /** 2xx responses. */
  ok: number
  /** CPU ms the server process used while measured (when its pid was given). */
  serverCpuMs: number | null
  /** The same per 2xx response, in µs. */
  serverCpuPerOkUs: number | null
}

/** Runs autocannon for `durationSec` after a short unmeasured warm-up of the same requests. */
export async function runLoad(
  options: Options & { warmupSec?: number; serverPid?: number },
): Promise<LoadResult> {
  const { warmupSec = 1, serverPid, ...rest } = options
  if (warmupSec > 0) await autocannon({ ...rest, duration: warmupSec })
  const cpuBefore = processCpuMs(serverPid)
  const result = await autocannon(rest)
  const cpuAfter = processCpuMs(serverPid)
  const statusCodes: Record<string, number> = {}
  let ok = 0
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) {
    statusCodes[code] = count
    if (code.startsWith('2')) ok += count
  }
  return {
    okPerSecond: ok / result.duration,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    statusCodes,
    ok,
    serverCpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
    serverCpuPerOkUs:
      cpuBefore === null || cpuAfter === null || ok === 0 ? null : ((cpuAfter - cpuBefore) * 1000) / ok,
  }
}
