/**
 * What a browser or edge bundle gets for `@personalize-kit/next`: the server entry holds the AWS SDK and
 * credentials and must never be shipped to a browser.
 */
throw new Error(
  '[@personalize-kit/next] this entry runs on the server (Node.js runtime) only. In Client Components import ' +
    "the hooks from '@personalize-kit/next/client'; in route handlers set `export const runtime = 'nodejs'`.",
)
