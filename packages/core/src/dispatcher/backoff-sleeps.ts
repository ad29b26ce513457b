import { ref, type Timer, unref } from './timers'

/**
 * The retry waits of one dispatcher. They are unref'd, so an idle process can exit, except while a `flush()` or
 * `close()` waits for them (then `await dispatcher.flush()` in a script must not end early); `wakeAll()` cuts
 * them short at the close deadline.
 */
export class BackoffSleeps {
  private readonly pending = new Map<Timer, () => void>()
  private holding = false

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(handle)
        this.pending.delete(handle)
        resolve()
      }
      const handle = setTimeout(done, ms)
      if (!this.holding) unref(handle)
      this.pending.set(handle, done)
    })
  }

  /** Keep the process alive for current and future waits (`true`) or not (`false`). */
  hold(holding: boolean): void {
    if (holding === this.holding) return
    this.holding = holding
    for (const handle of this.pending.keys()) {
      if (holding) ref(handle)
      else unref(handle)
    }
  }

  wakeAll(): void {
    for (const done of [...this.pending.values()]) done()
  }
}
