import type { NextConfig } from 'next'

// What create-next-app 16.4 writes by default (`npx create-next-app@latest --yes`): Cache Components with
// Partial Prefetching. The end-to-end tests check @personalize-kit/next's README patterns under exactly this.
const nextConfig: NextConfig = {
  /* config options here */
  cacheComponents: true,
  partialPrefetching: true,
  poweredByHeader: false,
}

export default nextConfig
