import { createPersonalize } from '@personalize-kit/next'

export const { handlers, recordEvent, putItem, putUser } = createPersonalize({
  getUserId: async (request: Request) =>
    /(?:^|;\s*)fixture_user=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1],
})
