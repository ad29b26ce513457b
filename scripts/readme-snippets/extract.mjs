// Fenced code blocks of a Markdown file, and the file name each TypeScript block stands for.

/**
 * The fenced blocks of `markdown`: `{ lang, meta, code, line, context }`, where `line` is the 1-based line of the
 * opening fence and `context` the closest non-empty line above it (a heading or sentence that may name the file).
 */
export function extractBlocks(markdown) {
  const lines = markdown.split('\n')
  const blocks = []
  let lastText = ''
  let lastTextUsed = false
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(```+|~~~+)\s*([\w+-]*)\s*(.*)$/.exec(lines[i])
    if (!open) {
      if (lines[i].trim()) {
        lastText = lines[i].trim()
        lastTextUsed = false
      }
      continue
    }
    const [, indent, fence, lang, meta] = open
    const body = []
    let j = i + 1
    while (j < lines.length && !new RegExp(`^${indent}${fence[0]}{${fence.length},}\\s*$`).test(lines[j])) {
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j])
      j++
    }
    // A heading or sentence names the file of the first block after it only.
    blocks.push({
      lang: lang.toLowerCase(),
      meta,
      code: body.join('\n'),
      line: i + 1,
      context: lastTextUsed ? '' : lastText,
    })
    lastTextUsed = true
    i = j
  }
  return blocks
}

const FILE = /[\w@[\]().-]+(?:\/[\w@[\]().-]+)*\.(?:[mc]?tsx?|[mc]?jsx?)/

/**
 * The file a TypeScript block is titled with: ```ts title="app/x.ts"```, a first-line comment `// app/x.ts`, or a
 * file name in backticks in the heading or sentence just above; else `snippet-<n>.ts(x)`.
 */
export function snippetFileName(block, index) {
  const ext = block.lang === 'tsx' ? 'tsx' : 'ts'
  const titled = /title=["']([^"']+)["']/.exec(block.meta)?.[1]
  const comment = new RegExp(`^//\\s*(${FILE.source})(?:\\s|$)`).exec(block.code.trimStart())?.[1]
  const context = new RegExp(`\`(${FILE.source})\``).exec(block.context)?.[1]
  const name = titled ?? comment ?? context
  if (!name) return `snippet-${index + 1}.${ext}`
  const clean = name.replace(/^\.?\//, '').replace(/^\/+/, '')
  // A JSX block titled .ts would not compile, and a .js title means the reader's file is JavaScript; check as TS.
  if (/\.[mc]?jsx?$/.test(clean)) return clean.replace(/\.([mc]?)jsx?$/, (_, m) => `.${m}${ext}`)
  if (ext === 'tsx' && /\.ts$/.test(clean)) return clean.replace(/\.ts$/, '.tsx')
  return clean
}
