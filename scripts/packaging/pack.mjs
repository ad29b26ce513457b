// Packs the published workspace packages the way `pnpm publish` would (workspace:* becomes the real version), so
// scripts can inspect or npm-install exactly what users get. Needs `pnpm build` first.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The published packages: every packages/* folder whose package.json is not private. */
export function publicPackages(root) {
  return readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, 'packages', d.name, 'package.json')))
    .map((d) => {
      const dir = join(root, 'packages', d.name)
      return { dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }
    })
    .filter(({ manifest }) => !manifest.private)
}

/**
 * `pnpm pack`s each published package (or those named) into a fresh temporary folder.
 * Returns `name → { tarball, files }`: the absolute .tgz path and the paths packed into it.
 *
 * @example
 * packAll(root).get('@personalize-kit/core').tarball // '/tmp/pk-pack-x/personalize-kit-core-0.0.0.tgz'
 */
export function packAll(root, names) {
  const out = mkdtempSync(join(tmpdir(), 'pk-pack-'))
  const packed = new Map()
  for (const { dir, manifest } of publicPackages(root)) {
    if (names && !names.includes(manifest.name)) continue
    if (!existsSync(join(dir, 'dist'))) throw new Error(`${manifest.name} has no dist: run pnpm build first`)
    const printed = execFileSync('pnpm', ['pack', '--pack-destination', out, '--json'], {
      cwd: dir,
      encoding: 'utf8',
    })
    const { filename, files } = JSON.parse(printed)
    packed.set(manifest.name, { tarball: filename, files: files.map((f) => f.path), manifest })
  }
  return packed
}
