// Package names on the install lines of a shell block: `pnpm add a b`, `npm install -D c`, `yarn add d`, `npm i e`.

/** Names (without a version range) installed by the commands in `code`. */
export function installedPackageNames(code) {
  const names = []
  for (const raw of code.split('\n')) {
    const line = raw.replace(/#.*$/, '')
    const m = /\b(?:pnpm|npm|yarn|bun)\s+(?:add|install|i)\b(.*)$/.exec(line)
    if (!m) continue
    for (const token of m[1].split(/\s+/)) {
      if (!token || token.startsWith('-') || token === '&&' || token === '||' || token === ';') {
        if (token === '&&' || token === '||' || token === ';') break
        continue
      }
      if (token.startsWith('.') || token.startsWith('/')) continue
      names.push(token.replace(/(.)@[^/]*$/, '$1'))
    }
  }
  return names
}
