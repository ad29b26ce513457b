// Run only by no-unhandled-rejections.test.ts, in a child vitest: proves the setup file fails the right test.
import { it } from 'vitest'

it('leaks a rejection', async () => {
  void Promise.reject(new Error('lost-on-purpose'))
  await new Promise((resolve) => setTimeout(resolve, 10))
})

it('stays green on its own', () => {})
