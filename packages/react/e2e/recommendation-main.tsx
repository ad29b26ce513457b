import { hydrateRoot } from 'react-dom/client'
import { RecommendationApp } from './recommendation-app'

const recommendation = JSON.parse(document.getElementById('recommendation')!.textContent!)
hydrateRoot(document.getElementById('root')!, <RecommendationApp recommendation={recommendation} />)
