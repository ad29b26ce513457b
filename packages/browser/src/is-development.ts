/**
 * True unless the bundler replaced `process.env.NODE_ENV` with `'production'`. Written out literally because
 * bundlers only replace that exact expression; without a bundler `process` does not exist and this is false.
 *
 * @example
 * ```ts
 * if (isDevelopment()) console.warn('[@personalize-kit/browser] ...')
 * ```
 */
export const isDevelopment = (): boolean => {
  try {
    return process.env.NODE_ENV !== 'production'
  } catch {
    return false
  }
}
