/**
 * Deprecated: the browser tracker moved to `@personalize-kit/browser`, which has no dependencies (this entry
 * re-exports it, so code importing it keeps working until the next major version).
 *
 * @example
 * ```ts title="src/tracking.ts"
 * // Before
 * import { createBrowserTracker } from '@personalize-kit/core/browser'
 * // After
 * import { createBrowserTracker } from '@personalize-kit/browser'
 * ```
 *
 * @deprecated Import from `@personalize-kit/browser`.
 * @module @personalize-kit/core/browser
 */
export * from '@personalize-kit/browser'
