import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { launchChromium } from '@personalize-kit/test-utils/chromium'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startEmulator } from '../start-emulator'
import type { Emulator } from '../types'

let browser: Browser
let emulator: Emulator
let site: Server
let siteUrl: string

beforeAll(async () => {
  browser = await launchChromium()
  emulator = await startEmulator({ port: 0, quiet: true })
  // Any other page the developer has open: a different origin (port) on the same machine.
  site = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end('<!doctype html><title>some page</title>')
  })
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve))
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`
})
afterAll(async () => {
  await browser?.close()
  await emulator?.stop()
  await new Promise((resolve) => site?.close(resolve))
})

it('a web page cannot write records with fetch(url, { mode: "no-cors", body: blob })', async () => {
  const page = await browser.newPage()
  await page.goto(siteUrl)
  await page.evaluate(async (target) => {
    const body = new Blob([
      JSON.stringify({ trackingId: 't', sessionId: 'web', eventList: [{ eventType: 'view', sentAt: 1 }] }),
    ])
    await fetch(`${target}/events`, { method: 'POST', mode: 'no-cors', body })
  }, emulator.url)
  await page.close()
  const [entry] = emulator.requests()
  expect(entry).toMatchObject({ operation: 'PutEvents', status: 403, errorCode: 'AccessDeniedException' })
  expect(emulator.records()).toEqual([])
})
