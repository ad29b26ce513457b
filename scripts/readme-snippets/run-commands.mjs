// Commands that run a package from the registry (`npx x`, `npm exec x`, `pnpm dlx x`, `yarn dlx x`, `bunx x`),
// wherever a README writes them: in shell blocks and in inline code. An unscoped name that is not ours (say
// `npx personalize-emulator` without installing `@personalize-kit/emulator` first) makes npm fetch whatever anyone
// published under that name, so each must resolve to a package we know.

const RUNNER =
  /(?:^|[\s`(;&|])(npx|bunx|pnpm\s+dlx|yarn\s+dlx|npm\s+exec)\s+((?:-{1,2}[\w-]+(?:=\S+)?\s+)*)([^\s`)]+)/g

/**
 * Every package-running command in `markdown`: `{ runner, name, line }`, where `name` is the package the runner
 * fetches (version stripped), taken from `--package=` / `-p` when given.
 */
export function packageRunCommands(markdown) {
  const commands = []
  for (const [index, text] of markdown.split('\n').entries()) {
    const line = text.replace(/(^|\s)#\s.*$/, '$1')
    for (const m of line.matchAll(RUNNER)) {
      const packageFlag = /--package[= ](\S+)|-p\s+(\S+)/.exec(m[2])
      const raw = packageFlag?.[1] ?? packageFlag?.[2] ?? m[3]
      if (raw.startsWith('-')) continue
      commands.push({
        runner: m[1].replace(/\s+/, ' '),
        name: raw.replace(/(.)@[^/]*$/, '$1'),
        line: index + 1,
      })
    }
  }
  return commands
}

/**
 * The problem with running `name`, or undefined when it resolves to something we know: one of our published
 * packages, a bin of a package the same README installs first (npx runs the local copy), or a package this
 * repository itself depends on (pnpm, say).
 *
 * @param {{ ours: Set<string>, localBins: Set<string>, known: Set<string> }} scope
 */
export function packageRunProblem({ runner, name }, { ours, localBins, known }) {
  if (ours.has(name) || known.has(name)) return undefined
  if (runner === 'npx' && localBins.has(name)) return undefined
  if (name.startsWith('@personalize-kit/'))
    return `\`${runner} ${name}\`: ${name} is not a published package of this repository`
  return `\`${runner} ${name}\` fetches the npm package "${name}", which is not ours and not installed first by this README (use the scoped package, e.g. \`npx @personalize-kit/emulator\`)`
}
