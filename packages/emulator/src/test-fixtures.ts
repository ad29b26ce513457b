import type { Operation } from './types'

/** @internal Valid request bodies using every member of every operation, for tests. */
export const FULL_BODIES: Record<Operation, Record<string, unknown>> = {
  PutEvents: {
    trackingId: 'tid-1',
    userId: 'u1',
    sessionId: 's1',
    eventList: [
      {
        eventId: 'e1',
        eventType: 'click',
        eventValue: 1.5,
        itemId: 'i1',
        properties: '{"numberOfRatings":"12"}',
        sentAt: 1704164645.678,
        recommendationId: 'rid-1',
        impression: ['i1', 'i2'],
        metricAttribution: { eventAttributionSource: 'email campaign' },
      },
    ],
  },
  PutActionInteractions: {
    trackingId: 'tid-1',
    actionInteractions: [
      {
        actionId: 'a1',
        userId: 'u1',
        sessionId: 's1',
        timestamp: 1704164645,
        eventType: 'Taken',
        eventId: 'ae1',
        recommendationId: 'rid-1',
        impression: ['a1', 'a2'],
        properties: '{"numberOfActions":"3"}',
      },
    ],
  },
  PutItems: {
    datasetArn: 'arn:aws:personalize:us-east-1:123456789012:dataset/shop/ITEMS',
    items: [{ itemId: 'i1', properties: '{"genre":"Horror|Action"}' }],
  },
  PutUsers: {
    datasetArn: 'arn:aws:personalize:us-east-1:123456789012:dataset/shop/USERS',
    users: [{ userId: 'u1', properties: '{"tier":"gold"}' }],
  },
  PutActions: {
    datasetArn: 'arn:aws:personalize:us-east-1:123456789012:dataset/shop/ACTIONS',
    actions: [{ actionId: 'a1', properties: '{"value":"100"}' }],
  },
}

/** @internal The HTTP route of each operation. */
export const ROUTES: Record<Operation, string> = {
  PutEvents: '/events',
  PutItems: '/items',
  PutUsers: '/users',
  PutActions: '/actions',
  PutActionInteractions: '/action-interactions',
}
