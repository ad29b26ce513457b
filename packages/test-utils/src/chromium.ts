// Every browser end-to-end spec drives Debian's headless Chromium the same way; playwright-core never downloads one.
import { type Browser, chromium } from 'playwright-core'

/** Flags that keep headless Chromium quiet and deterministic in a container: no sandbox, GPU or background traffic. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * Launches the system Chromium (`CHROMIUM_PATH`, else /usr/bin/chromium) with {@link CHROMIUM_ARGS}.
 *
 * @example
 * const browser = await launchChromium()
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS],
  })
}
