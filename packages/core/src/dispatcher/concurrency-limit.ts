import PQueue from 'p-queue'

/**
 * The global concurrency cap: a `p-queue` runs the calls, and an admission FIFO in front of it holds the calls that
 * wait for a slot.
 *
 * Why the FIFO: a burst queues thousands of batches, and a `p-queue` entry costs far more than an array slot (its
 * queue keeps entries sorted by priority, so each insertion searches and splices). Admitting a task only when a
 * slot is free keeps the `p-queue` at most `concurrency` long, so a burst costs an array push per batch, while the
 * `p-queue` still owns the running tasks and their limit.
 */
export class ConcurrencyLimit {
  private readonly queue: PQueue
  private waiting: (() => void)[] = []
  private head = 0

  constructor(private readonly concurrency: number) {
    this.queue = new PQueue({ concurrency })
  }

  /** Runs `task` when a slot is free; settles as the task does. Tasks dropped by `clear()` never start. */
  add<T>(task: () => Promise<T>): Promise<T> {
    if (this.head >= this.waiting.length && this.admitted() < this.concurrency) return this.start(task)
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
    this.queue.clear()
  }

  private admitted(): number {
    return this.queue.pending + this.queue.size
  }

  private start<T>(task: () => Promise<T>): Promise<T> {
    return (this.queue.add(task) as Promise<T>).finally(() => this.release())
  }

  private release(): void {
    while (this.head < this.waiting.length && this.admitted() < this.concurrency) {
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
