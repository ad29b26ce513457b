/** What a baseline reports after sending a whole workload. */
export interface BaselineResult {
  calls: number
  failedCalls: number
  /** Failed calls by error name. */
  errors?: Record<string, number>
}
