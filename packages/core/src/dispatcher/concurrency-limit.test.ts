import { describe, expect, it } from 'vitest'
import { ConcurrencyLimit } from './concurrency-limit'

function deferred() {
  let resolve!: () => void
  let reject!: (error: unknown) => void
  const promise = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('ConcurrencyLimit', () => {
  it('runs at most `concurrency` tasks at once, the rest in FIFO order, and passes results through', async () => {
    const limit = new ConcurrencyLimit(2)
    const started: number[] = []
    const gates = [deferred(), deferred(), deferred(), deferred()]
    const results = gates.map((gate, n) =>
      limit.add(async () => {
        started.push(n)
        await gate.promise
        if (n === 1) throw new Error('task 1 failed')
        return n
      }),
    )
    await Promise.resolve()
    expect(started).toEqual([0, 1])
    gates[1]!.resolve()
    await expect(results[1]).rejects.toThrow('task 1 failed')
    expect(started).toEqual([0, 1, 2])
    gates[0]!.resolve()
    expect(await results[0]).toBe(0)
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(started).toEqual([0, 1, 2, 3])
    gates[2]!.resolve()
    gates[3]!.resolve()
    expect(await Promise.all([results[2], results[3]])).toEqual([2, 3])
  })

  it('never starts tasks that were waiting when clear() was called', async () => {
    const limit = new ConcurrencyLimit(1)
    const gate = deferred()
    let laterStarted = false
    const first = limit.add(() => gate.promise)
    void limit.add(async () => {
      laterStarted = true
    })
    limit.clear()
    gate.resolve()
    await first
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(laterStarted).toBe(false)
  })

  it('frees the slot of a task that throws instead of rejecting', async () => {
    const limit = new ConcurrencyLimit(1)
    const thrown = limit.add((): Promise<void> => {
      throw new Error('sync failure')
    })
    await expect(thrown).rejects.toThrow('sync failure')
    expect(await limit.add(async () => 'next')).toBe('next')
  })
})
