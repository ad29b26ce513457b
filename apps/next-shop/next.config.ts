import type { NextConfig } from 'next'

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The workspace packages are consumed through their built `dist` (turbo builds them first), exactly as an
  // app consumes them from npm, so no transpilePackages is needed.
}

export default nextConfig
