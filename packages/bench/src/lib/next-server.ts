import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** Whether apps/next-shop has a production build that includes the routes the bench needs. */
export function hasNextBuild(appDir: string, routes: string[]): boolean {
  const manifest = join(appDir, '.next', 'app-path-routes-manifest.json')
  if (!existsSync(join(appDir, '.next', 'BUILD_ID')) || !existsSync(manifest)) return false
  const mapped = Object.values(JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, string>)
  return routes.every((route) => mapped.includes(route))
}

/** Runs `next build` in the app (the same as `pnpm --filter next-shop build`). */
export async function buildNextApp(appDir: string): Promise<void> {
  let output = ''
  const child = spawn(process.execPath, [nextBin(appDir), 'build'], {
    cwd: appDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  })
  child.stdout?.on('data', (c) => {
    output += c
  })
  child.stderr?.on('data', (c) => {
    output += c
  })
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`next build failed (${code}):\n${output.slice(-3000)}`)
}

const nextBin = (appDir: string) => join(appDir, 'node_modules', 'next', 'dist', 'bin', 'next')
