// The demo's terminal view. On a TTY one live line per step (spinner, step, elapsed seconds, the latest output
// line of the command behind it); elsewhere (CI, pipes, the demo test) plain timestamped lines, so logs stay
// readable and parseable.

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
const green = (s, tty) => (tty ? `\x1b[32m${s}\x1b[0m` : s)
const red = (s, tty) => (tty ? `\x1b[31m${s}\x1b[0m` : s)
const dim = (s, tty) => (tty ? `\x1b[2m${s}\x1b[0m` : s)

/** Seconds since `t0`, one decimal. */
export function elapsed(t0, now = Date.now()) {
  return `${((now - t0) / 1000).toFixed(1)}s`
}

/**
 * Creates the progress view writing to `stream` (default stdout). `step(title)` returns a handle with
 * `detail(text)` (latest output line, shown on a TTY only), `done(note?)` and `fail(note?)`.
 */
export function createProgress({ stream = process.stdout, tty = Boolean(stream.isTTY) } = {}) {
  const started = Date.now()
  let active // { title, t0, detail }
  let frame = 0
  let timer

  const columns = () => (stream.columns && stream.columns > 20 ? stream.columns : 100)
  const clearLine = () => {
    if (tty) stream.write('\r\x1b[2K')
  }
  const render = () => {
    if (!tty || !active) return
    const spin = SPINNER[frame++ % SPINNER.length]
    const head = `${spin} ${active.title} ${dim(`(${elapsed(active.t0)})`, tty)}`
    const room = columns() - active.title.length - 14
    const detail = active.detail && room > 10 ? `  ${dim(truncate(active.detail, room), tty)}` : ''
    clearLine()
    stream.write(head + detail)
  }

  return {
    started,
    tty,
    /** Starts a step; finish it with `done()` or `fail()`. */
    step(title) {
      // A step left unfinished (the build Ctrl-C interrupted) gives way to the new one.
      clearInterval(timer)
      active = { title, t0: Date.now(), detail: '' }
      if (tty) {
        render()
        timer = setInterval(render, 100)
        timer.unref?.()
      } else stream.write(`[demo] ${title}...\n`)
      const current = active
      const finish = (mark, note) => {
        if (active !== current) return
        clearInterval(timer)
        clearLine()
        const suffix = note ? ` ${note}` : ''
        stream.write(`${mark} ${current.title} (${elapsed(current.t0)})${suffix}\n`)
        active = undefined
      }
      return {
        detail(text) {
          const line = String(text).trim()
          if (line) current.detail = line
        },
        done: (note) => finish(tty ? green('✔', tty) : '[demo] ✔', note),
        fail: (note) => finish(tty ? red('✖', tty) : '[demo] ✖', note),
      }
    },
    /** A line that is not a step (URLs, summaries); keeps any live step line intact below it. */
    line(text = '') {
      clearLine()
      stream.write(`${text}\n`)
      render()
    },
    /**
     * A status line rewritten in place on a TTY (the simulation's counters); on other streams printed at
     * most every `plainEveryMs`.
     */
    status(text, plainEveryMs = 10_000) {
      if (tty) {
        clearLine()
        stream.write(truncate(text, columns() - 1))
        return
      }
      const now = Date.now()
      if (!this.lastPlain || now - this.lastPlain >= plainEveryMs) {
        this.lastPlain = now
        stream.write(`[demo] ${text}\n`)
      }
    },
    clearStatus() {
      clearLine()
    },
    color: { green: (s) => green(s, tty), red: (s) => red(s, tty), dim: (s) => dim(s, tty) },
  }
}

function truncate(text, width) {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`
}
