import { execFileSync } from 'node:child_process'

/** The commit the run measured (`abc1234`, with `+changes` when the working tree differs from it). */
export function describeRevision(root: string): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim()
    const dirty = execFileSync(
      'git',
      ['status', '--porcelain', '--untracked-files=no', '--', 'packages', 'apps'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    ).trim()
    return dirty ? `${head}+changes` : head
  } catch {
    return 'unknown'
  }
}
