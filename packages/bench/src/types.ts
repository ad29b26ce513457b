/** Whether a goal was reached; `null` when it could not be judged (for example a skipped measurement). */
export interface Goal {
  text: string
  met: boolean | null
  /** What we would change next, from the profiles, should the goal be missed; printed under the miss. */
  plan?: string
}

/** One measured figure, with the baseline measured in the same run when there is one. */
export interface Figure {
  name: string
  value: number | null
  unit: string
  baseline?: { name: string; value: number | null }
  /** `value / baseline.value` (or the inverse where smaller is better; `ratioLabel` says which). */
  ratio?: number | null
  ratioLabel?: string
  goal?: Goal
}

/** What one bench reports. */
export interface BenchResult {
  id: string
  title: string
  status: 'ok' | 'skipped' | 'error'
  figures: Figure[]
  /** How it was measured, and the plain-language verdict when a goal was missed. */
  notes: string[]
  error?: string
  durationMs: number
}

/** Options every bench receives. */
export interface BenchContext {
  smoke: boolean
  /** Repository root. */
  root: string
  log: (message: string) => void
  /**
   * Set for the profiling re-run of a bench that missed a goal: measure only the subject (not the baselines),
   * with `profileFlags(ctx, name)` on its process. The figures of that run are discarded.
   */
  profileDir?: string
}

/** A bench: measures something and reports figures. */
export interface Bench {
  id: string
  title: string
  /** False when a CPU profile cannot explain a miss (memory, bundle size). */
  profile?: boolean
  run(ctx: BenchContext): Promise<
    Omit<BenchResult, 'id' | 'title' | 'durationMs' | 'status'> & {
      status?: BenchResult['status']
      /** Only from a profiling re-run: extra diagnosis added to the report after the profile summary. */
      profileNotes?: string[]
    }
  >
}
