import { renderToString } from 'react-dom/server'
import { FixtureApp } from './fixture-app'

/** The page's server render, bundled per React major so the server renders with the same React as the browser. */
export const render = (flushIntervalMs: number): string =>
  renderToString(<FixtureApp flushIntervalMs={flushIntervalMs} />)
