import { cpus, loadavg, type as osType, release, totalmem } from 'node:os'

/** The machine a run happened on, for the report's header. */
export interface MachineInfo {
  cpuModel: string
  cores: number
  memoryGiB: number
  os: string
  node: string
  /** 1-minute load average when the run started and when it ended: other work on the machine skews timings. */
  loadAverage: { start: number; end?: number }
}

export function describeMachine(): MachineInfo {
  const list = cpus()
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${osType()} ${release()}`,
    node: process.version,
    loadAverage: { start: Math.round((loadavg()[0] ?? 0) * 100) / 100 },
  }
}
