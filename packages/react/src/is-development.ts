/**
 * True unless the bundler replaced `process.env.NODE_ENV` with `'production'` (written out literally so bundlers
 * can); without a bundler `process` does not exist and this is false.
 *
 * @example
 * ```ts
 * if (isDevelopment()) console.warn('[@personalize-kit/react] ...')
 * ```
 */
export const isDevelopment = (): boolean => {
  try {
    return process.env.NODE_ENV !== 'production'
  } catch {
    return false
  }
}
