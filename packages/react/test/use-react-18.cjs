// Setup for vitest.react18.config.ts: every `require('react…')` / `require('react-dom…')` (from
// @testing-library/react and from react-dom itself) resolves to React 18.3 instead of the workspace's React 19.
const Module = require('node:module')
const path = require('node:path')

const dir = path.join(__dirname, '..', 'node_modules')
const target = (request) => {
  const match = /^(react|react-dom)(\/.*)?$/.exec(request)
  return match && path.join(dir, `${match[1]}18`, match[2] ?? '')
}
const resolve = Module._resolveFilename
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, target(request) ?? request, ...rest)
}
