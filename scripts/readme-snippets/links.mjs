// Relative links of a README (`[text](path)`, `[text](path#anchor)`) must point at files or folders that exist.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** Problems with the relative links of the README at `readme` (relative to `root`). */
export function brokenLinks(root, readme, markdown) {
  const problems = []
  // Code blocks hold code, not links.
  const prose = markdown.replace(/^(```|~~~)[\s\S]*?^\1\s*$/gm, (block) => block.replace(/[^\n]/g, ''))
  for (const [i, line] of prose.split('\n').entries()) {
    for (const m of line.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1]
      if (/^[a-z][a-z+.-]*:/i.test(target) || target.startsWith('#')) continue
      const path = decodeURIComponent(target.split('#')[0])
      if (!existsSync(join(root, dirname(readme), path))) {
        problems.push(`${readme}:${i + 1}: the link to ${target} points at nothing`)
      }
    }
  }
  return problems
}
