/**
 * The global concurrency cap: a counter of running calls and a FIFO of the calls waiting for a slot.
 *
 * A burst queues thousands of batches, so waiting costs an array slot per batch. Running a call costs one
 * reaction on its own promise: no queue library hop, no events, no extra promise per call (a `p-queue` here cost
 * about 1 µs of client CPU per event in `pnpm bench`, item 1). The per-operation rate limits keep their `p-queue`.
 */
export class ConcurrencyLimit {
  private running = 0
  private waiting: (() => void)[] = []
  private head = 0

  constructor(private readonly concurrency: number) {}

  /** Runs `task` when a slot is free; settles as the task does. Tasks dropped by `clear()` never start. */
  add<T>(task: () => Promise<T>): Promise<T> {
    if (this.head >= this.waiting.length && this.running < this.concurrency) return this.start(task)
    return new Promise<T>((resolve, reject) => {
      this.waiting.push(() => {
        this.start(task).then(resolve, reject)
      })
    })
  }

  /** Forgets every task still waiting (their promises never settle; their callers are settled elsewhere). */
  clear(): void {
    this.waiting = []
    this.head = 0
  }

  private start<T>(task: () => Promise<T>): Promise<T> {
    this.running++
    let result: Promise<T>
    try {
      result = task()
    } catch (error) {
      // A task that throws instead of rejecting still frees its slot.
      result = Promise.reject(error)
    }
    result.then(this.done, this.done)
    return result
  }

  private readonly done = (): void => {
    this.running--
    this.release()
  }

  private release(): void {
    while (this.head < this.waiting.length && this.running < this.concurrency) {
      const next = this.waiting[this.head]!
      this.waiting[this.head] = undefined as unknown as () => void
      this.head++
      next()
    }
    if (this.head >= 1024 && this.head * 2 >= this.waiting.length) {
      this.waiting = this.waiting.slice(this.head)
      this.head = 0
    }
  }
}
