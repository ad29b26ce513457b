/** A Node or browser timer handle. */
export type Timer = ReturnType<typeof setTimeout>

/** Lets the process exit while `timer` is pending (a no-op where timers have no `unref`). */
export function unref(timer: Timer): Timer {
  ;(timer as { unref?: () => void }).unref?.()
  return timer
}

/** Keeps the process alive while `timer` is pending. */
export function ref(timer: Timer): Timer {
  ;(timer as { ref?: () => void }).ref?.()
  return timer
}
