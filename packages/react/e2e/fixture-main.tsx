import { hydrateRoot } from 'react-dom/client'
import { FixtureApp } from './fixture-app'

const root = document.getElementById('root')!
hydrateRoot(root, <FixtureApp flushIntervalMs={Number(root.dataset.flush)} />)
