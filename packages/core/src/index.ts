export * from './dispatcher-options-from-env'
export * from './errors'
export * from './types'
export * from './collector'
