import assert from 'node:assert/strict'
import { test } from 'node:test'
import { formatRatio } from './format'
import { renderMarkdown } from './report'

test('the report names the machine and says plainly which goals were missed', () => {
  const md = renderMarkdown({
    generatedAt: '2026-11-29T00:00:00.000Z',
    revision: 'abc1234',
    machine: {
      cpuModel: 'Test CPU',
      cores: 2,
      memoryGiB: 8,
      os: 'Linux',
      node: 'v20.20.2',
      loadAverage: { start: 0.1, end: 0.2 },
    },
    smoke: false,
    durationMs: 1000,
    benches: [
      {
        id: 'x',
        title: '9. Example',
        status: 'ok',
        durationMs: 10,
        notes: ['how it was measured', '  an indented detail'],
        figures: [
          {
            name: 'Speed',
            value: 90,
            unit: 'ops/s',
            baseline: { name: 'old way', value: 100 },
            ratio: 0.9,
            goal: { text: 'ratio ≥ 0.95', met: false, plan: 'cache the parsed shape' },
          },
        ],
      },
    ],
  })
  assert.match(md, /Test CPU, 2 cores, 8 GiB memory/)
  assert.match(md, /v20\.20\.2/)
  assert.match(md, /\| 9\. Example: Speed, ratio ≥ 0\.95 \| 0\.90× \(90 ops\/s\) \| ❌ \*\*missed\*\* \|/)
  assert.match(md, /old way: 100 ops\/s/)
  assert.match(
    md,
    /\*\*Goal missed:\*\* Speed: 0\.90× \(90 ops\/s\); the goal is ratio ≥ 0\.95\.\n\n\*\*Plan:\*\* cache the parsed shape/,
  )
  assert.match(md, /\n {2}- an indented detail/)
})

test('ratios keep two significant digits when small', () => {
  assert.equal(formatRatio(0.015), '0.015×')
  assert.equal(formatRatio(8.123), '8.12×')
  assert.equal(formatRatio(null), 'n/a')
})
