// The README's collector route, as written: no `runtime` export (Cache Components forbids it, and Node.js is
// already the default runtime).
export { POST } from '@personalize-kit/next/route'
