/** Sleeps that all end at once when the relay stops. */
export class Sleeper {
  stopped = false
  private readonly wakers = new Set<() => void>()

  sleep(ms: number): Promise<void> {
    if (this.stopped || ms <= 0) return Promise.resolve()
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer)
        this.wakers.delete(wake)
        resolve()
      }
      const timer = setTimeout(wake, ms)
      this.wakers.add(wake)
    })
  }

  stop(): void {
    this.stopped = true
    for (const wake of [...this.wakers]) wake()
  }
}
