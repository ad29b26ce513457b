import { describe, expect, it } from 'vitest'
import { CliUsageError, parseCli } from './args'
import { HELP } from './help'

describe('personalize-relay arguments', () => {
  it('reads the rate limits and Redis URL from the environment, flags winning', () => {
    const cli = parseCli(['--rate-items', '20'], {
      PERSONALIZE_REDIS_URL: 'redis://r:6379',
      PERSONALIZE_RATE_LIMIT_EVENTS: '500',
      PERSONALIZE_RATE_LIMIT_ITEMS: '5',
      PERSONALIZE_RATE_LIMIT_ACTION_INTERACTIONS: '7',
    })
    expect(cli).toMatchObject({
      command: 'run',
      url: 'redis://r:6379',
      rateLimits: { events: 500, items: 20, actionInteractions: 7 },
      closeTimeoutMs: 10_000,
    })
  })

  it('parses the commands and their flags', () => {
    expect(parseCli(['status', '--json', '--stream=s'], {})).toMatchObject({
      command: 'status',
      json: true,
      stream: 's',
    })
    expect(parseCli(['replay-dead', '--reason', 'invalid-input', '--limit', '3'], {})).toMatchObject({
      command: 'replay-dead',
      reason: 'invalid-input',
      limit: 3,
    })
    expect(parseCli(['run', '--help'], {}).command).toBe('help')
  })

  it('refuses bad input naming the flag or variable and the rule', () => {
    expect(() => parseCli(['--bogus'], {})).toThrow(new CliUsageError('unknown flag --bogus (see --help)'))
    expect(() => parseCli(['launch'], {})).toThrow(/unknown command 'launch'/)
    expect(() => parseCli([], { PERSONALIZE_RATE_LIMIT_USERS: 'fast' })).toThrow(
      "PERSONALIZE_RATE_LIMIT_USERS must be a positive number, got 'fast'",
    )
    expect(() => parseCli(['--concurrency', '2.5'], {})).toThrow(
      "--concurrency must be a whole number, got '2.5'",
    )
    expect(() => parseCli(['replay-dead', '--reason', 'meh'], {})).toThrow(/--reason must be one of/)
    expect(() => parseCli(['--url'], {})).toThrow('--url needs a value')
  })

  it('documents every flag and variable it reads in --help', () => {
    for (const word of [
      '--url',
      '--stream',
      '--consumer',
      '--concurrency',
      '--max-held',
      '--claim-idle-ms',
      '--close-timeout-ms',
      '--rate-events',
      '--rate-items',
      '--rate-users',
      '--rate-actions',
      '--rate-action-interactions',
      '--json',
      '--reason',
      '--limit',
      'PERSONALIZE_REDIS_URL',
      'PERSONALIZE_REDIS_STREAM',
      'PERSONALIZE_RATE_LIMIT_EVENTS',
      'PERSONALIZE_RATE_LIMIT_ITEMS',
      'PERSONALIZE_RATE_LIMIT_USERS',
      'PERSONALIZE_RATE_LIMIT_ACTIONS',
      'PERSONALIZE_RATE_LIMIT_ACTION_INTERACTIONS',
      'PERSONALIZE_TRACKING_ID',
      'PERSONALIZE_ENDPOINT',
      'AWS_REGION',
      'SIGTERM',
    ])
      expect(HELP).toContain(word)
  })
})
