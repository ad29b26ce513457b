import type { EmulatorState } from '../emulator-state'
import { type AttributionReport, computeAttribution } from './compute-attribution'

/** The attribution report for an emulator's current records and remembered recommendations. @internal */
export function attributionOf(state: EmulatorState): AttributionReport {
  const { log } = state.runtime
  return computeAttribution(
    (fn) => state.store.forEach(fn),
    log.list(),
    (id) => log.get(id),
  )
}
