/** What a baseline reports after sending a whole workload. */
export interface BaselineResult {
  calls: number
  failedCalls: number
}
