import { describe, expect, it } from 'vitest'
import { classifyError } from './classify-error'

const http = (
  name: string,
  status: number,
  fault: 'client' | 'server' = status >= 500 ? 'server' : 'client',
) => Object.assign(new Error('x'), { name, $fault: fault, $metadata: { httpStatusCode: status } })

describe('classifyError', () => {
  it.each([
    ['ThrottlingException (400)', http('ThrottlingException', 400), { kind: 'retry', throttled: true }],
    ['any 429', http('TooManyRequests', 429), { kind: 'retry', throttled: true }],
    ['500', http('InternalFailure', 500), { kind: 'retry', throttled: false }],
    ['503', http('ServiceUnavailable', 503), { kind: 'retry', throttled: false }],
    ['502 unparseable', http('Unknown', 502), { kind: 'retry', throttled: false }],
    ['ResourceInUseException', http('ResourceInUseException', 409), { kind: 'retry', throttled: false }],
    ['408', http('RequestTimeout', 408), { kind: 'retry', throttled: false }],
    ['clock skew', http('RequestTimeTooSkewed', 403), { kind: 'retry', throttled: false }],
    [
      'connection reset',
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      { kind: 'retry', throttled: false },
    ],
    [
      'our timeout',
      new DOMException('This operation was aborted', 'AbortError'),
      { kind: 'retry', throttled: false },
    ],
    ['InvalidInputException', http('InvalidInputException', 400), { kind: 'bisect' }],
    [
      'ResourceNotFoundException',
      http('ResourceNotFoundException', 404),
      { kind: 'dead', reason: 'resource-not-found' },
    ],
    ['access denied', http('AccessDeniedException', 403), { kind: 'dead', reason: 'rejected' }],
    ['bad signature', http('InvalidSignatureException', 403), { kind: 'dead', reason: 'rejected' }],
    [
      "a transport's full backlog (@personalize-kit/redis)",
      Object.assign(new Error('backlog-full'), { code: 'PERSONALIZE_BACKLOG_FULL' }),
      { kind: 'dead', reason: 'backlog-full' },
    ],
  ])('%s', (_, error, expected) => {
    expect(classifyError(error)).toEqual(expected)
  })
})
