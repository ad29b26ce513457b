// Run by timers.test.ts in a child process: it must exit by itself, which it cannot if a timer or socket is ref'd.
import { createDispatcher } from './create-dispatcher'

const endpoint = process.argv[2]
const dispatcher = createDispatcher({
  trackingId: 'tid',
  flushIntervalMs: 3_600_000,
  clientConfig: {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  },
})
dispatcher.recordEvent({ sessionId: 'delivered', eventType: 'view' })
await dispatcher.flush()
dispatcher.recordEvent({ sessionId: 'left-queued', eventType: 'view' })
console.log('recorded')
