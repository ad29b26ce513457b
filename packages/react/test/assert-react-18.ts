import { version } from 'react'
import { version as domVersion } from 'react-dom'

// Fails the run rather than silently testing React 19 again.
if (!version.startsWith('18.') || !domVersion.startsWith('18.')) {
  throw new Error(`expected React 18, got react ${version} and react-dom ${domVersion}`)
}
