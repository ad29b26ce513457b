// @vitest-environment node
import { typecheckFixture } from '@personalize-kit/test-utils/typecheck-fixture'
import { describe, expect, it } from 'vitest'

describe('typed events through Register', () => {
  it('types the React hooks and the browser tracker from one declaration', () => {
    // The fixture's @ts-expect-error lines are the assertions: without the typing they go unused and tsc fails.
    const { status, output } = typecheckFixture(
      new URL('../type-fixtures/register.ts', import.meta.url),
      new URL('../', import.meta.url),
    )
    expect(output).toBe('')
    expect(status).toBe(0)
  }, 60_000)
})
