export { POST } from '@personalize-kit/next/route'
