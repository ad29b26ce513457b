import { version } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { FixtureApp } from './fixture-app'

document.documentElement.dataset.react = version
const root = document.getElementById('root')!
hydrateRoot(root, <FixtureApp flushIntervalMs={Number(root.dataset.flush)} />)
