/**
 * Runs at most `concurrency` tasks at once, the others in FIFO order. It replaces a `p-queue` on the path every
 * call takes: a burst queues thousands of batches, and a bare array of waiters costs a fraction of a p-queue
 * entry (no events, ids or priorities).
 */
export class ConcurrencyLimit {
  private running = 0
  private waiting: (() => void)[] = []
  private head = 0

  constructor(private readonly concurrency: number) {}

  /** Runs `task` when a slot is free; settles as the task does. Tasks dropped by `clear()` never start. */
  add<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) return this.start(task)
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
    let promise: Promise<T>
    try {
      promise = task()
    } catch (error) {
      promise = Promise.reject(error)
    }
    return promise.finally(() => this.release())
  }

  private release(): void {
    this.running--
    if (this.head >= this.waiting.length) return
    const next = this.waiting[this.head]!
    this.waiting[this.head] = undefined as unknown as () => void
    this.head++
    if (this.head >= 1024 && this.head * 2 >= this.waiting.length) {
      this.waiting = this.waiting.slice(this.head)
      this.head = 0
    }
    next()
  }
}
