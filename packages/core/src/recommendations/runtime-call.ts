import {
  GetPersonalizedRankingCommand,
  type GetPersonalizedRankingRequest,
  GetRecommendationsCommand,
  type GetRecommendationsRequest,
  type PersonalizeRuntimeClient,
  type PredictedItem,
} from '@aws-sdk/client-personalize-runtime'
import type { RuntimeOperation } from './metrics'
import type { RecommendedItem } from './types'

/** A service answer, before it is labelled with its source. */
export interface ServiceAnswer {
  items: RecommendedItem[]
  recommendationId?: string
}

function toItems(list: PredictedItem[] | undefined): RecommendedItem[] {
  const items: RecommendedItem[] = []
  for (const predicted of list ?? []) {
    if (typeof predicted.itemId !== 'string') continue
    const item: RecommendedItem = { itemId: predicted.itemId }
    if (predicted.score !== undefined) item.score = predicted.score
    if (predicted.reason !== undefined) item.reason = predicted.reason
    if (predicted.promotionName !== undefined) item.promotionName = predicted.promotionName
    if (predicted.metadata !== undefined) item.metadata = predicted.metadata
    items.push(item)
  }
  return items
}

/** Sends one runtime call through the SDK and maps its answer; rejects with the SDK's error. */
export async function sendRuntimeCall(
  client: PersonalizeRuntimeClient,
  operation: RuntimeOperation,
  request: GetRecommendationsRequest | GetPersonalizedRankingRequest,
  abortSignal: AbortSignal | undefined,
): Promise<ServiceAnswer> {
  const options = abortSignal === undefined ? undefined : { abortSignal }
  if (operation === 'GetRecommendations') {
    const output = await client.send(
      new GetRecommendationsCommand(request as GetRecommendationsRequest),
      options,
    )
    return answer(toItems(output.itemList), output.recommendationId)
  }
  const output = await client.send(
    new GetPersonalizedRankingCommand(request as GetPersonalizedRankingRequest),
    options,
  )
  return answer(toItems(output.personalizedRanking), output.recommendationId)
}

function answer(items: RecommendedItem[], recommendationId: string | undefined): ServiceAnswer {
  return recommendationId === undefined ? { items } : { items, recommendationId }
}
